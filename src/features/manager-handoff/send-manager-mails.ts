import { abortReason, sleep as realSleep, type Sleep } from "../../domain/sleep";
import { GraphError, GraphNetworkError } from "../../lib/graph/graph-error";
import type { MailMessage } from "../../lib/graph/types";
import type { ManagerMail } from "./manager-message";

/** How sending to one manager ended. */
export type MailOutcome =
  | { kind: "sent" }
  | {
      kind: "failed";
      /** Plain words, keyed on status only. */
      reason: string;
      /** Graph's own answer, kept beside the reason. */
      status: number | null;
      code: string | null;
      message: string;
      requestId: string | null;
    };

export interface SendOptions {
  /** Messages in flight at once (default 3): a mailbox sends a few at a time, not a burst. */
  concurrency?: number;
  /** Attempts per message when Graph says it did not take it (429, 503); default 3. */
  maxAttempts?: number;
  /** Longest Retry-After honoured before giving up on that message (default 60 s). */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  sleep?: Sleep;
  /** Called as each manager's outcome is known. */
  onOutcome?: (mail: ManagerMail, outcome: MailOutcome) => void;
}

/** Sends one message (the app passes sendMailAsMe bound to its Graph client). */
export type SendMail = (message: MailMessage, signal?: AbortSignal) => Promise<void>;

function plainReason(status: number | null): string {
  if (status === null || status === 0) {
    return "No answer from Microsoft Graph: the e-mail may or may not have gone out. Ask the manager before sending it again.";
  }
  if (status === 401) return "Microsoft Graph no longer accepts your sign-in. Sign out and in again, then send again.";
  if (status === 403) {
    return "Not allowed: the app may not send mail as you (Mail.Send is not granted for TAP Desk) or your account may not send mail.";
  }
  if (status === 400) return "Microsoft Graph refused the message.";
  if (status === 404) return "Microsoft Graph did not find a mailbox to send from or to.";
  if (status === 429) return "Throttled: too many messages for now. Send again later.";
  if (status >= 500) return "The mail service had a temporary problem. Send again later.";
  return "Microsoft Graph did not send the message.";
}

/** Graph's answer (or the missing one) as a failed outcome, with its own words kept. */
export function failedOutcome(error: unknown): MailOutcome {
  if (error instanceof GraphError) {
    return {
      kind: "failed",
      reason: plainReason(error.status),
      status: error.status,
      code: error.code,
      message: error.message,
      requestId: error.requestId,
    };
  }
  if (error instanceof GraphNetworkError) {
    return { kind: "failed", reason: plainReason(0), status: null, code: null, message: error.message, requestId: null };
  }
  // A sign-in problem before anything was sent (consent refused, popup blocked): nothing went out.
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error ? error.name : "unknown";
  return {
    kind: "failed",
    reason: "Not sent: TAP Desk could not get permission to send mail as you.",
    status: null,
    code,
    message,
    requestId: null,
  };
}

/** 401 and 403 (and failing to get a token at all) are about the sender, not one message. */
function refusesEveryMessage(error: unknown): boolean {
  if (error instanceof GraphError) return error.status === 401 || error.status === 403;
  return !(error instanceof GraphNetworkError);
}

/** 429 and 503 say the message was not taken: sending it again cannot make a second copy. */
function notTaken(error: unknown): error is GraphError {
  return error instanceof GraphError && (error.status === 429 || error.status === 503);
}

/**
 * Sends each manager's message, a few at a time, honouring Retry-After on 429/503. Resolves with every
 * outcome once all are known; stops starting new messages when `signal` aborts (those get no outcome).
 */
export async function sendManagerMails(
  send: SendMail,
  mails: readonly ManagerMail[],
  options: SendOptions = {},
): Promise<Map<string, MailOutcome>> {
  const wait = options.sleep ?? realSleep;
  const maxAttempts = options.maxAttempts ?? 3;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const outcomes = new Map<string, MailOutcome>();
  // A refusal of the sender (no permission, no sign-in) would refuse every message: the rest are not tried,
  // so a consent prompt or a 403 is met once, not once per manager.
  let refusal: Extract<MailOutcome, { kind: "failed" }> | null = null;
  const settle = (mail: ManagerMail, outcome: MailOutcome) => {
    outcomes.set(mail.manager.id, outcome);
    options.onOutcome?.(mail, outcome);
  };

  const sendOne = async (mail: ManagerMail) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await send(mail.message, options.signal);
        settle(mail, { kind: "sent" });
        return;
      } catch (error) {
        if (options.signal?.aborted) throw abortReason(options.signal);
        const retryMs = notTaken(error) ? Math.ceil((error.retryAfter ?? 2 * attempt) * 1000) : null;
        if (retryMs === null || attempt >= maxAttempts || retryMs > maxRetryAfterMs) {
          const outcome = failedOutcome(error);
          if (outcome.kind === "failed" && refusesEveryMessage(error)) refusal ??= outcome;
          settle(mail, outcome);
          return;
        }
        await wait(retryMs, options.signal);
      }
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < mails.length) {
      if (options.signal?.aborted) return;
      const mail = mails[next];
      next += 1;
      if (!mail) continue;
      if (refusal) settle(mail, { ...refusal, reason: `Not tried: an earlier e-mail was refused the same way. ${refusal.reason}` });
      else await sendOne(mail);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 3, mails.length)) }, worker);
  try {
    await Promise.all(workers);
  } catch (error) {
    if (!options.signal?.aborted) throw error;
  }
  return outcomes;
}
