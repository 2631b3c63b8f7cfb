import { describe, expect, it } from "vitest";
import { buildPeopleSearchExpression, buildStartsWithFilter, buildUserSearchExpression, cleanSearchText } from "./search-query";

describe("buildUserSearchExpression", () => {
  it("ORs one quoted clause per property", () => {
    expect(buildUserSearchExpression("adele")).toBe('"displayName:adele" OR "userPrincipalName:adele" OR "mail:adele"');
  });

  it("escapes double quotes and backslashes inside clauses", () => {
    expect(buildUserSearchExpression('say "hi" \\o/', ["displayName"])).toBe('"displayName:say \\"hi\\" \\\\o/"');
  });

  it("cannot be broken out of with a quote followed by an operator", () => {
    const expression = buildUserSearchExpression('x" OR "displayName:', ["displayName"]);
    expect(expression).toBe('"displayName:x\\" OR \\"displayName:"');
  });

  it("strips control characters, collapses whitespace and trims", () => {
    expect(buildUserSearchExpression("  ad\u0000ele\t\n  vance \u200b", ["displayName"])).toBe('"displayName:ad ele vance"');
  });

  it("keeps apostrophes, colons and ampersands (they are percent-encoded later)", () => {
    expect(buildUserSearchExpression("o'brien: r&d", ["mail"])).toBe(`"mail:o'brien: r&d"`);
  });

  it("returns null when nothing searchable remains", () => {
    expect(buildUserSearchExpression(" \u0001\t ")).toBeNull();
    expect(buildUserSearchExpression("x", [])).toBeNull();
  });

  it("caps very long input", () => {
    expect(cleanSearchText("a".repeat(500))).toHaveLength(120);
  });
});

describe("buildPeopleSearchExpression", () => {
  it("quotes and escapes one phrase", () => {
    expect(buildPeopleSearchExpression(' ann "the" \\ ')).toBe('"ann \\"the\\" \\\\"');
    expect(buildPeopleSearchExpression("   ")).toBeNull();
  });
});

describe("buildStartsWithFilter", () => {
  it("doubles single quotes inside the OData literal", () => {
    expect(buildStartsWithFilter("O'Brien")).toBe("startswith(displayName,'O''Brien') or startswith(userPrincipalName,'O''Brien')");
  });

  it("leaves double quotes and backslashes alone in a literal", () => {
    expect(buildStartsWithFilter('a"b\\c', ["mail"])).toBe("startswith(mail,'a\"b\\c')");
  });

  it("returns null for empty input", () => {
    expect(buildStartsWithFilter("\u0000 ")).toBeNull();
  });
});
