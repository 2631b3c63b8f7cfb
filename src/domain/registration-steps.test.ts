import { describe, expect, it } from "vitest";
import { registrationSteps } from "./registration-steps";

describe("registrationSteps", () => {
  it("names the address, the person's own sign-in name and what the pass allows", () => {
    const steps = registrationSteps({ userPrincipalName: "adele@contoso.example", isUsableOnce: true });
    expect(steps[0]).toContain("https://aka.ms/mysecurityinfo");
    expect(steps[1]).toContain("Sign in as adele@contoso.example.");
    expect(steps.at(-1)).toBe("The pass works for one sign-in only: finish the steps in one go.");
    expect(registrationSteps({ userPrincipalName: "a@b", isUsableOnce: false }).at(-1)).toContain("until it expires");
  });

  it("has a short wording for small slips, still naming the address and the person", () => {
    const steps = registrationSteps({ userPrincipalName: "adele@contoso.example", isUsableOnce: false }, { short: true });
    expect(steps).toHaveLength(4);
    expect(steps[0]).toContain("https://aka.ms/mysecurityinfo");
    expect(steps[1]).toContain("adele@contoso.example");
    expect(steps.join(" ").length).toBeLessThan(200);
  });
});
