import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { strToU8 } from "fflate";
import type { ResultRow } from "../../lib/tap/run-types";
import { groupByManager } from "./group-by-manager";
import { buildManagersZip } from "./managers-zip";

const row = (rowId: string, managerName: string): ResultRow => ({
  rowId,
  line: null,
  identifier: rowId,
  displayName: rowId,
  userPrincipalName: `${rowId}@contoso.example`,
  outcome: { kind: "issued" },
  manager: { id: `id-${managerName}-${rowId.length}`, displayName: managerName, userPrincipalName: null, mail: null },
});

describe("buildManagersZip", () => {
  it("holds one workbook per manager, named after them, each with exactly that manager's people", async () => {
    const rows = [row("a", "Ann"), row("bb", "Ann"), row("c", "Bob/Boss")];
    const { groups } = groupByManager(rows);
    const zip = await buildManagersZip(groups, async (people) => strToU8(people.map((p) => p.rowId).join(",")));
    const files = unzipSync(zip);
    expect(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]))).toEqual({
      // Two managers named Ann (different ids) each get a file.
      "Ann.xlsx": "a",
      "Ann (2).xlsx": "bb",
      "Bob Boss.xlsx": "c",
    });
  });
});
