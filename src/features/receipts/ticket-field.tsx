import { Field, Input } from "@fluentui/react-components";
import { MAX_TICKET_LENGTH, ticketProblem } from "./ticket";

/** "Ticket / reference" before issuing; required when config.json says `requireTicket`. */
export function TicketField({ value, onChange, required }: { value: string; onChange: (value: string) => void; required: boolean }) {
  const problem = ticketProblem(value, required);
  // An empty required field is said once, beside Issue, not in red before the admin has typed.
  const shown = value.trim() === "" ? null : problem;
  return (
    <Field
      label="Ticket / reference"
      required={required}
      hint={
        required
          ? "Required here. Shown on the results, printed slips, exports and the run's receipt."
          : "Optional. Shown on the results, printed slips, exports and the run's receipt."
      }
      validationState={shown ? "error" : "none"}
      validationMessage={shown ?? undefined}
    >
      <Input
        value={value}
        maxLength={MAX_TICKET_LENGTH + 1}
        placeholder="e.g. INC0012345"
        autoComplete="off"
        onChange={(_, data) => onChange(data.value)}
      />
    </Field>
  );
}
