/*
 * Parse cost of the CSV reader in Node, outside `npm test` (Vitest runs *.bench.ts only under `vitest bench`):
 *   npx vitest bench --run src/features/csv-import/csv-tokenizer.bench.ts
 * The 100,000-row file has the shape `npm run bench` uses for its "CSV chosen → rows shown" figure; the hostile
 * files show that unclosed quotes cost linear time (10,000 and 40,000 such lines should differ by about 4×).
 */
import { bench, describe } from "vitest";
import { tokenizeCsv } from "./csv-tokenizer";
import { importCsv } from "./import-csv";

function onboarding(rows: number, quoted: boolean): string {
  const lines = ["UserPrincipalName,DisplayName,Department"];
  for (let i = 0; i < rows; i++) {
    lines.push(
      quoted ? `new.hire${i}@contoso.example,"Hire, New ${i}",Onboarding` : `new.hire${i}@contoso.example,New Hire ${i},Onboarding`,
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

function unclosedQuotes(lines: number): string {
  const out = ["UserPrincipalName,Note"];
  for (let i = 0; i < lines; i++) out.push(`"user${i}@contoso.example,never closed`);
  return `${out.join("\n")}\n`;
}

const plain = onboarding(100_000, false);
const quoted = onboarding(100_000, true);
const plainBytes = new TextEncoder().encode(plain);
const hostile10k = unclosedQuotes(10_000);
const hostile40k = unclosedQuotes(40_000);
const options = { time: 2_000, iterations: 5 };

describe("CSV parse", () => {
  bench("tokenize 100,000 rows (no quotes)", () => void tokenizeCsv(plain, { delimiter: "," }), options);
  bench("tokenize 100,000 rows (a quoted cell with a comma on every row)", () => void tokenizeCsv(quoted, { delimiter: "," }), options);
  bench("importCsv 100,000 rows (decode, detect, tokenize, validate)", () => void importCsv(plainBytes), options);
  bench("tokenize 10,000 lines, each with an unclosed quote", () => void tokenizeCsv(hostile10k, { delimiter: "," }), options);
  bench("tokenize 40,000 lines, each with an unclosed quote", () => void tokenizeCsv(hostile40k, { delimiter: "," }), options);
});
