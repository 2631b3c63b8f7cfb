import { describe, expect, it } from "vitest";
import { GraphError, GraphNetworkError } from "../../lib/graph/graph-error";
import type { MailMessage } from "../../lib/graph/types";
import type { ManagerMail } from "./manager-message";
import { sendManagerMails } from "./send-manager-mails";

function mail(id: string): ManagerMail {
  return {
    manager: { id, displayName: id, userPrincipalName: `${id}@x.example`, mail: `${id}@x.example` },
    message: { subject: id, body: { contentType: "Text", content: "" }, toRecipients: [{ emailAddress: { address: `${id}@x.example` } }] },
    rowIds: [`row-${id}`],
  };
}

const to = (message: MailMessage) => message.toRecipients[0]?.emailAddress.address ?? "";

describe("sendManagerMails", () => {
  it("sends a few at a time, never more in flight than asked", async () => {
    let inFlight = 0;
    let most = 0;
    const sent: string[] = [];
    const outcomes = await sendManagerMails(
      async (message) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await Promise.resolve();
        await Promise.resolve();
        inFlight -= 1;
        sent.push(to(message));
      },
      ["a", "b", "c", "d", "e", "f", "g"].map(mail),
      { concurrency: 3 },
    );
    expect(most).toBe(3);
    expect(sent).toHaveLength(7);
    expect([...outcomes.values()].every((o) => o.kind === "sent")).toBe(true);
  });

  it("waits Graph's Retry-After on 429 and 503 and sends again; keeps Graph's words when it gives up", async () => {
    const waits: number[] = [];
    const tries = new Map<string, number>();
    const outcomes = await sendManagerMails(
      async (message) => {
        const address = to(message);
        const n = (tries.get(address) ?? 0) + 1;
        tries.set(address, n);
        if (address.startsWith("busy") && n === 1) {
          throw new GraphError({
            status: 429,
            code: "TooManyRequests",
            message: "Please retry again later.",
            retryAfter: 1.5,
            requestId: "r429",
          });
        }
        if (address.startsWith("down")) {
          throw new GraphError({ status: 503, code: "serviceNotAvailable", message: "Unavailable.", retryAfter: 2, requestId: "r503" });
        }
        if (address.startsWith("denied")) {
          throw new GraphError({
            status: 403,
            code: "Authorization_RequestDenied",
            message: "Insufficient privileges to complete the operation.",
            requestId: "r403",
          });
        }
      },
      ["busy", "down", "denied"].map(mail),
      { concurrency: 1, sleep: async (ms) => void waits.push(ms) },
    );
    expect(outcomes.get("busy")).toEqual({ kind: "sent" });
    expect(waits).toEqual([1500, 2000, 2000]);
    expect(tries.get("down@x.example")).toBe(3);
    expect(outcomes.get("down")).toMatchObject({
      kind: "failed",
      status: 503,
      code: "serviceNotAvailable",
      message: "Unavailable.",
      requestId: "r503",
    });
    // A refusal is not sent again.
    expect(tries.get("denied@x.example")).toBe(1);
    expect(outcomes.get("denied")).toMatchObject({
      kind: "failed",
      status: 403,
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges to complete the operation.",
      requestId: "r403",
    });
    expect(outcomes.get("denied")?.kind === "failed" && outcomes.get("denied")).toHaveProperty(
      "reason",
      expect.stringMatching(/Mail\.Send/),
    );
  });

  it("tries no further message once the sender is refused (403, or no token), keeping that refusal's words on each", async () => {
    const tried: string[] = [];
    const outcomes = await sendManagerMails(
      async (message) => {
        tried.push(to(message));
        throw new GraphError({
          status: 403,
          code: "Authorization_RequestDenied",
          message: "Insufficient privileges to complete the operation.",
          requestId: "r1",
        });
      },
      ["a", "b", "c"].map(mail),
      { concurrency: 1 },
    );
    expect(tried).toEqual(["a@x.example"]);
    expect(outcomes.get("c")).toMatchObject({
      kind: "failed",
      status: 403,
      code: "Authorization_RequestDenied",
      requestId: "r1",
      reason: expect.stringMatching(/^Not tried: an earlier e-mail was refused the same way\. Not allowed/),
    });

    const noToken: string[] = [];
    const consent = await sendManagerMails(
      async (message) => {
        noToken.push(to(message));
        throw Object.assign(new Error("User declined to consent."), { name: "InteractionRequiredAuthError" });
      },
      ["a", "b"].map(mail),
      { concurrency: 1 },
    );
    expect(noToken).toHaveLength(1);
    expect(consent.get("b")).toMatchObject({ kind: "failed", code: "InteractionRequiredAuthError", message: "User declined to consent." });
  });

  it("never resends after a lost answer: the mail may have gone out", async () => {
    let calls = 0;
    const outcomes = await sendManagerMails(
      async () => {
        calls += 1;
        throw new GraphNetworkError("Microsoft Graph could not be reached.");
      },
      [mail("a")],
      { sleep: async () => {} },
    );
    expect(calls).toBe(1);
    expect(outcomes.get("a")).toMatchObject({ kind: "failed", status: null, reason: expect.stringMatching(/may or may not/) });
  });

  it("starts no new message once stopped", async () => {
    const controller = new AbortController();
    const sent: string[] = [];
    const outcomes = await sendManagerMails(
      async (message) => {
        sent.push(to(message));
        controller.abort();
      },
      ["a", "b", "c"].map(mail),
      { concurrency: 1, signal: controller.signal },
    );
    expect(sent).toEqual(["a@x.example"]);
    expect([...outcomes.keys()]).toEqual(["a"]);
  });
});
