/** One line of the benchmark's table: a figure, and the target it is judged against (if any). */
export interface Figure {
  stage: string;
  name: string;
  value: string;
  target: string;
  /** null: informational, or not judged (quick mode). */
  met: boolean | null;
}

export function formatTable(figures: readonly Figure[]): string {
  const header: [string, string, string, string, string] = ["stage", "figure", "value", "target", "met"];
  const rows = figures.map((figure): [string, string, string, string, string] => [
    figure.stage,
    figure.name,
    figure.value,
    figure.target,
    figure.met === null ? "" : figure.met ? "yes" : "NO",
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  return [line(header), `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

export const seconds = (value: number, digits = 1) => `${value.toFixed(digits)} s`;
export const ms = (value: number) => `${Math.round(value)} ms`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const percent = (share: number) => `${(share * 100).toFixed(2)} %`;
export const count = (value: number) => value.toLocaleString("en-US");
