/**
 * Printing pass handouts (slips) for any set of result rows: all of a run, or a subset such as one
 * manager's people.
 *
 *   const handouts = useHandouts({ vault, context: { organizationName, issuer, ticket } });
 *   <Button onClick={() => handouts.choose(rows, { title: "For Alex Wilber — 4 people" })}>Print pack</Button>
 *   {handouts.element}
 *
 * - `choose(rows, { title })` asks how to lay the slips out (1, 4 or 8 per page; A4 or Letter; the
 *   read-aloud spelling or not), then prints. `print(rows, { title, layout })` prints at once.
 * - Only issued rows whose pass is still in the vault print, in the order given. Each slip's times are
 *   in the row's `timeZone` (else the browser's).
 * - Values stay in memory: the slips render into a hidden sheet on this same page (no new window, URL
 *   or storage), only while printing; printing counts as saving those rows' passes (`vault.markSaved(rowIds)`).
 * - `browserPrint`: what Ctrl+P prints while a screen holds values (omit it to leave Ctrl+P alone).
 */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { flushSync } from "react-dom";
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Radio,
  RadioGroup,
  Text,
} from "@fluentui/react-components";
import { PrintRegular } from "@fluentui/react-icons";
import type { PassVault } from "../../../lib/tap/pass-vault";
import type { ResultRow } from "../../../lib/tap/run-types";
import { PrintSheet } from "../print-sheet";
import { issuedWithValues } from "../result-rows";
import { HandoutSheet, type HandoutContext, type HandoutSlipData } from "./handout-sheet";
import { defaultLayout, perPageLabel, SLIPS_PER_PAGE, type HandoutLayout, type Paper } from "./handout-layout";

export type { HandoutContext } from "./handout-sheet";
export type { HandoutLayout } from "./handout-layout";

export interface HandoutJob {
  rows: readonly ResultRow[];
  title: string;
}

// The last layout chosen, for the next print in this page's life (a preference, never a value).
let lastLayout: HandoutLayout | null = null;

/** The slips a set of rows prints: issued rows whose pass is still in memory. */
export function handoutSlips(rows: readonly ResultRow[], vault: PassVault): HandoutSlipData[] {
  return issuedWithValues(rows, (rowId) => vault.get(rowId)).map(({ row, pass }) => ({
    pass,
    timeZone: row.timeZone,
    ...(row.accountDisabled ? { accountDisabled: true } : {}),
  }));
}

export function useHandouts({ vault, context, browserPrint }: { vault: PassVault; context: HandoutContext; browserPrint?: HandoutJob }) {
  // The job stays while the dialog fades out after Print or Cancel.
  const [asking, setAsking] = useState<{ job: HandoutJob; open: boolean } | null>(null);
  const [sheet, setSheet] = useState<{ job: HandoutJob; layout: HandoutLayout } | null>(null);
  const [layout, setLayout] = useState<HandoutLayout>(() => lastLayout ?? defaultLayout(navigator.language));
  const printingRef = useRef(false);
  const layoutRef = useRef(layout);
  const browserPrintRef = useRef(browserPrint);
  useEffect(() => {
    layoutRef.current = layout;
    browserPrintRef.current = browserPrint;
  });

  useEffect(() => {
    const before = () => {
      const job = browserPrintRef.current;
      if (printingRef.current || !job) return;
      // Ctrl+P: the sheet must be in the DOM before the browser lays the page out for print.
      printingRef.current = true;
      flushSync(() => setSheet({ job, layout: layoutRef.current }));
      vault.markSaved(job.rows.map((row) => row.rowId));
    };
    const after = () => {
      printingRef.current = false;
      setSheet(null);
    };
    window.addEventListener("beforeprint", before);
    window.addEventListener("afterprint", after);
    return () => {
      window.removeEventListener("beforeprint", before);
      window.removeEventListener("afterprint", after);
    };
  }, [vault]);

  const print = useCallback(
    (rows: readonly ResultRow[], options: { title: string; layout?: Partial<HandoutLayout> }) => {
      const chosen = { ...layoutRef.current, ...options.layout };
      printingRef.current = true;
      flushSync(() => setSheet({ job: { rows, title: options.title }, layout: chosen }));
      // Only the printed people count as saved (a manager's pack leaves the others unsaved).
      vault.markSaved(rows.map((row) => row.rowId));
      window.print();
    },
    [vault],
  );

  const choose = useCallback(
    (rows: readonly ResultRow[], options: { title: string }) => setAsking({ job: { rows, title: options.title }, open: true }),
    [],
  );
  const closeDialog = () => setAsking((current) => current && { ...current, open: false });

  const slips = sheet ? handoutSlips(sheet.job.rows, vault) : [];
  const element: ReactNode = (
    <>
      <LayoutDialog
        open={asking?.open ?? false}
        title={asking?.job.title ?? ""}
        count={asking ? handoutSlips(asking.job.rows, vault).length : 0}
        layout={layout}
        onLayoutChange={(next) => {
          lastLayout = next;
          layoutRef.current = next;
          setLayout(next);
        }}
        onCancel={closeDialog}
        onPrint={() => {
          closeDialog();
          if (asking) print(asking.job.rows, { title: asking.job.title });
        }}
      />
      {sheet && slips.length > 0 && (
        <PrintSheet>
          <HandoutSheet title={sheet.job.title} slips={slips} layout={sheet.layout} context={context} />
        </PrintSheet>
      )}
    </>
  );
  return { choose, print, printing: sheet !== null, element };
}

function LayoutDialog({
  open,
  title,
  count,
  layout,
  onLayoutChange,
  onCancel,
  onPrint,
}: {
  open: boolean;
  title: string;
  count: number;
  layout: HandoutLayout;
  onLayoutChange: (layout: HandoutLayout) => void;
  onCancel: () => void;
  onPrint: () => void;
}) {
  const titleId = useId();
  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && onCancel()}>
      <DialogSurface aria-labelledby={titleId}>
        <DialogBody>
          <DialogTitle id={titleId}>Print handouts</DialogTitle>
          <DialogContent>
            <Text as="p" block>
              {title}: {count === 1 ? "1 slip" : `${count} slips`}, each with the person's name, pass, validity in their time zone, the
              registration steps and a QR code of the registration address.
            </Text>
            <Field label="Slips per page">
              <RadioGroup
                value={String(layout.perPage)}
                onChange={(_, data) =>
                  onLayoutChange({ ...layout, perPage: SLIPS_PER_PAGE.find((perPage) => String(perPage) === data.value) ?? 1 })
                }
              >
                {SLIPS_PER_PAGE.map((perPage) => (
                  <Radio key={perPage} value={String(perPage)} label={perPageLabel(perPage)} />
                ))}
              </RadioGroup>
            </Field>
            <Field label="Paper">
              <RadioGroup
                layout="horizontal"
                value={layout.paper}
                onChange={(_, data) => onLayoutChange({ ...layout, paper: data.value === "Letter" ? "Letter" : "A4" })}
              >
                {(["A4", "Letter"] satisfies Paper[]).map((paper) => (
                  <Radio key={paper} value={paper} label={paper} />
                ))}
              </RadioGroup>
            </Field>
            <Checkbox
              label="Add the read-aloud spelling under each pass"
              checked={layout.spellOut}
              onChange={(_, data) => onLayoutChange({ ...layout, spellOut: data.checked === true })}
            />
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" icon={<PrintRegular />} disabled={count === 0} onClick={onPrint}>
              Print
            </Button>
            <Button onClick={onCancel}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
