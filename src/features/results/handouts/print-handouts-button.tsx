import { Button } from "@fluentui/react-components";
import { PrintRegular } from "@fluentui/react-icons";
import type { PassVault } from "../../../lib/tap/pass-vault";
import type { ResultRow } from "../../../lib/tap/run-types";
import { useHandouts, type HandoutContext } from "./print-handouts";

/**
 * A Print button that prints the rows' slips at once (one per page) and makes Ctrl+P print them too.
 * For screens in the first load (the crash rescue): they load it on demand, keeping the handouts out
 * of the first load.
 */
export function PrintHandoutsButton({
  vault,
  rows,
  title,
  context,
}: {
  vault: PassVault;
  rows: readonly ResultRow[];
  title: string;
  context: HandoutContext;
}) {
  const handouts = useHandouts({ vault, context, browserPrint: rows.length > 0 ? { rows, title } : undefined });
  return (
    <>
      <Button icon={<PrintRegular />} onClick={() => handouts.print(rows, { title })}>
        Print
      </Button>
      {handouts.element}
    </>
  );
}
