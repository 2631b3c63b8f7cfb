/** The run's ticket / reference: the admin's own words, kept as typed apart from surrounding spaces. */

export const MAX_TICKET_LENGTH = 200;

/** The ticket as the run records it: trimmed, or null when none was given. */
export function normaliseTicket(input: string): string | null {
  const trimmed = input.trim();
  return trimmed === "" ? null : trimmed;
}

/** Why this ticket can't go with the run, or null when it can. */
export function ticketProblem(input: string, required: boolean): string | null {
  const ticket = normaliseTicket(input);
  if (ticket === null) return required ? "Enter the ticket or reference this run is for." : null;
  if (ticket.length > MAX_TICKET_LENGTH) return `The ticket or reference is longer than ${MAX_TICKET_LENGTH} characters.`;
  // Control characters would break printed slips and the receipt's lines, and are never part of a ticket number.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(ticket)) return "The ticket or reference contains a line break or another control character.";
  return null;
}
