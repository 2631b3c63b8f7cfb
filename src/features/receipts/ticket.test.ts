import { describe, expect, it } from "vitest";
import { MAX_TICKET_LENGTH, normaliseTicket, ticketProblem } from "./ticket";

describe("the ticket / reference", () => {
  it("is optional unless the deployment requires one", () => {
    expect(ticketProblem("", false)).toBeNull();
    expect(ticketProblem("   ", true)).toBe("Enter the ticket or reference this run is for.");
    expect(ticketProblem("INC0042", true)).toBeNull();
  });

  it("is recorded as typed, without the spaces around it, and as null when empty", () => {
    expect(normaliseTicket("  INC 0042 ")).toBe("INC 0042");
    expect(normaliseTicket(" ")).toBeNull();
  });

  it("refuses what would break slips and receipt lines: control characters and very long text", () => {
    expect(ticketProblem("INC\n42", false)).toMatch(/line break/);
    expect(ticketProblem("x".repeat(MAX_TICKET_LENGTH), true)).toBeNull();
    expect(ticketProblem("x".repeat(MAX_TICKET_LENGTH + 1), true)).toMatch(/longer than 200/);
  });
});
