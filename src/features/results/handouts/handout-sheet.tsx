import { Fragment, type ReactNode } from "react";
import type { IssuedPass } from "../../../lib/tap/run-types";
import { registrationSteps, SECURITY_INFO_URL } from "../../../domain/registration-steps";
import { slipTime, slipTimeText } from "./handout-time";
import { pageRule, pagesOf, PAGE_HEADER_MM, slipArea, slipGrid, type HandoutLayout } from "./handout-layout";
import { readAloudText } from "./pass-characters";
import { PASS_CELLS_LEGEND, PassCells } from "./pass-glyphs";
import { SecurityInfoQr } from "./security-info-qr";
import { DISABLED_ACCOUNT_SLIP_NOTE } from "../../../domain/disabled-account";

/** Who and what a slip names besides the person: printed on every slip. */
export interface HandoutContext {
  /** The tenant's name from `/organization`; null while unknown. */
  organizationName: string | null;
  /** The signed-in admin who issued the passes ("Megan Bowen (megan@contoso.com)"). */
  issuer: string | null;
  /** The run's ticket / reference. */
  ticket: string | null;
}

export interface HandoutSlipData {
  pass: IssuedPass;
  /** The person's IANA zone (ResultRow.timeZone); absent = the browser's. */
  timeZone?: string;
  /** Issued for a disabled (pre-staged) account: the slip says the pass works once it is enabled. */
  accountDisabled?: boolean;
}

// Printed outside the FluentProvider, black on white for any printer: plain CSS, sizes in print units.
const HANDOUT_CSS = `
.tap-handout-sheet { font-family: 'Segoe UI', system-ui, sans-serif; color: #000; background: #fff; font-size: var(--fs); line-height: 1.3; }
.tap-handout-d1 { --fs: 12pt; --pass: 30pt; --tag: 8pt; --qr: 38mm; --pad: 0mm; --gap: 0.6em; }
.tap-handout-d4 { --fs: 8.5pt; --pass: 16pt; --tag: 5.5pt; --qr: 24mm; --pad: 4mm; --gap: 0.5em; }
.tap-handout-d8 { --fs: 6.5pt; --pass: 11pt; --tag: 4pt; --qr: 17mm; --pad: 2mm; --gap: 0.25em; }
.tap-handout-d8 .tap-handout-cells { gap: 0.4mm; }
.tap-handout-d8 .tap-handout-cell { padding: 0 0.2mm; border-width: 0.2mm; }
.tap-handout-d8 figcaption { display: none; }
.tap-handout-long { --pass-scale: 0.78; }
.tap-handout-page { break-after: page; break-inside: avoid; overflow: hidden; }
.tap-handout-page:last-child { break-after: auto; }
.tap-handout-header { height: ${PAGE_HEADER_MM - 2}mm; margin: 0 0 2mm; font-size: 7pt; border-bottom: 0.3mm solid #000; display: flex; flex-direction: column; justify-content: flex-end; }
.tap-handout-header > div { display: flex; justify-content: space-between; align-items: baseline; gap: 4mm; white-space: nowrap; }
.tap-handout-header h1 { font-size: 9pt; margin: 0; font-weight: 600; }
.tap-handout-grid { display: grid; }
.tap-handout-cut .tap-handout-slip { outline: 0.3mm dashed #000; outline-offset: -0.15mm; }
.tap-handout-slip { box-sizing: border-box; padding: var(--pad); overflow: hidden; break-inside: avoid; display: flex; flex-direction: column; gap: var(--gap); }
.tap-handout-head { display: flex; justify-content: space-between; align-items: flex-start; gap: 1em; }
.tap-handout-head > div:first-child { flex: 1 1 60%; min-width: 0; }
.tap-handout-top { max-width: 40%; display: flex; flex-direction: column; align-items: flex-end; text-align: right; font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.04em; }
.tap-handout-org { font-weight: 700; }
.tap-handout-name { font-size: 1.3em; font-weight: 700; margin: 0; }
.tap-handout-upn { margin: 0; overflow-wrap: anywhere; }
.tap-handout-cells { display: flex; flex-wrap: wrap; gap: 0.6mm; }
.tap-handout-cell { display: inline-flex; flex-direction: column; align-items: center; min-width: 1.25em; border: 0.25mm solid #000; border-radius: 0.8mm; padding: 0.2mm 0.4mm 0.1mm; font-size: calc(var(--pass) * var(--pass-scale, 1)); }
.tap-handout-glyph { font-family: 'Cascadia Mono', Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace; font-variant-numeric: slashed-zero; font-feature-settings: 'zero' 1; line-height: 1.15; }
.tap-handout-digit .tap-handout-glyph { font-weight: 700; text-decoration: underline; text-decoration-thickness: 0.08em; text-underline-offset: 0.12em; }
.tap-handout-tag { font-size: var(--tag); line-height: 1.1; letter-spacing: 0.02em; }
.tap-handout-legend, .tap-handout-spelling, .tap-handout-foot { margin: 0; font-size: 0.85em; }
.tap-handout-note { margin: 0; font-weight: 700; }
.tap-handout-spelling { font-style: italic; }
.tap-handout-facts { display: grid; grid-template-columns: max-content 1fr; column-gap: 0.8em; margin: 0; }
.tap-handout-facts dt { font-weight: 600; }
.tap-handout-facts dd { margin: 0; }
.tap-handout-how { display: flex; gap: 1em; align-items: flex-start; }
.tap-handout-how ol { margin: 0; padding-left: 1.4em; flex: 1; }
.tap-handout-header .tap-handout-legend { font-size: 6.5pt; }
.tap-handout-how figure { margin: 0; text-align: center; font-size: 0.75em; }
.tap-handout-how figure svg { display: block; }
`;

/** A UPN that may wrap after "@" and ".", never inside a word. */
function breakable(upn: string): ReactNode {
  return upn.split(/(?<=[@.])/).map((part, index) => (
    <Fragment key={index}>
      {index > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}

function TimeLine({ iso, timeZone }: { iso: string; timeZone?: string }) {
  const time = slipTime(iso, { timeZone });
  if (!time) return <>unknown</>;
  return (
    <>
      {slipTimeText(time)}
      {time.note && <> ({time.note})</>}
    </>
  );
}

// Passes longer than this print smaller, so even Entra's longest (48) fits the smallest slip.
const LONG_PASS = 24;

function HandoutSlip({
  slip,
  context,
  spellOut,
  compact,
}: {
  slip: HandoutSlipData;
  context: HandoutContext;
  spellOut: boolean;
  compact: boolean;
}) {
  const { pass } = slip;
  return (
    <article
      className={`tap-handout-slip${pass.value.length > LONG_PASS ? " tap-handout-long" : ""}`}
      aria-label={`Temporary Access Pass for ${pass.userPrincipalName}`}
      data-testid="handout-slip"
    >
      <div className="tap-handout-head">
        <div>
          <p className="tap-handout-name">{pass.displayName}</p>
          <p className="tap-handout-upn">{breakable(pass.userPrincipalName)}</p>
        </div>
        <div className="tap-handout-top">
          {context.organizationName !== null && <span className="tap-handout-org">{context.organizationName}</span>}
          <span>Temporary Access Pass</span>
        </div>
      </div>
      <PassCells value={pass.value} />
      {!compact && <p className="tap-handout-legend">{PASS_CELLS_LEGEND}</p>}
      {spellOut && <p className="tap-handout-spelling">Spoken: {readAloudText(pass.value)}</p>}
      <dl className="tap-handout-facts">
        <dt>Valid from</dt>
        <dd>
          <TimeLine iso={pass.startDateTime} timeZone={slip.timeZone} />
        </dd>
        <dt>Valid until</dt>
        <dd>
          <TimeLine iso={pass.endDateTime} timeZone={slip.timeZone} />
        </dd>
      </dl>
      {slip.accountDisabled && <p className="tap-handout-note">{DISABLED_ACCOUNT_SLIP_NOTE}</p>}
      <div className="tap-handout-how">
        <ol>
          {registrationSteps(pass, { short: compact }).map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
        <figure>
          <SecurityInfoQr size="var(--qr)" />
          <figcaption>{SECURITY_INFO_URL.replace(/^https:\/\//, "")}</figcaption>
        </figure>
      </div>
      <p className="tap-handout-foot">
        {[context.ticket !== null ? `Ticket ${context.ticket}` : null, context.issuer !== null ? `Issued by ${context.issuer}` : null]
          .filter((part) => part !== null)
          .join(" · ") || "Issued with TAP Desk"}
      </p>
    </article>
  );
}

/**
 * The printed handouts: pages of slips (one per page, or four or eight with dashed cut lines), each
 * page headed by the title. Render it inside a PrintSheet: it is never shown on screen.
 */
export function HandoutSheet({
  title,
  slips,
  layout,
  context,
}: {
  title: string;
  slips: readonly HandoutSlipData[];
  layout: HandoutLayout;
  context: HandoutContext;
}) {
  const pages = pagesOf(slips, layout.perPage);
  const grid = slipGrid(layout.perPage);
  const area = slipArea(layout);
  return (
    <div
      className={`tap-handout-sheet tap-handout-d${layout.perPage}${layout.perPage > 1 ? " tap-handout-cut" : ""}`}
      data-testid="handout-sheet"
      data-per-page={layout.perPage}
    >
      <style>{`${pageRule(layout.paper)}${HANDOUT_CSS}`}</style>
      {pages.map((page, index) => (
        <section key={index} className="tap-handout-page" aria-label={`Page ${index + 1} of ${pages.length}`}>
          <header className="tap-handout-header">
            <div>
              <h1>{title}</h1>
              <span>
                {layout.perPage > 1 ? "Cut along the dashed lines · " : ""}Hand each slip only to the person named on it · Page {index + 1}{" "}
                of {pages.length}
              </span>
            </div>
            {/* Small slips leave the legend to the page: "cap", "low" and the digit marks read the same on each. */}
            {layout.perPage > 1 && <p className="tap-handout-legend">{PASS_CELLS_LEGEND}</p>}
          </header>
          <div
            className="tap-handout-grid"
            style={{
              width: `${area.width}mm`,
              height: `${area.height}mm`,
              gridTemplateColumns: `repeat(${grid.columns}, minmax(0, 1fr))`,
              gridTemplateRows: `repeat(${grid.rows}, minmax(0, 1fr))`,
            }}
          >
            {page.map((slip) => (
              <HandoutSlip key={slip.pass.rowId} slip={slip} context={context} spellOut={layout.spellOut} compact={layout.perPage > 1} />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
