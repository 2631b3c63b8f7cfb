import { useMemo, useState } from "react";
import { Combobox, Field, useComboboxFilter } from "@fluentui/react-components";
import { canonicalTimeZone, listTimeZones } from "../../domain/zoned-time";

/** "new york" finds America/New_York: spaces match the underscores in zone names. */
function matches(zone: string, query: string): boolean {
  const q = query.trim().toLowerCase().replaceAll(" ", "_");
  return q === "" || zone.toLowerCase().includes(q);
}

export interface TimeZonePickerProps {
  label: string;
  hint?: string;
  value: string;
  onChange: (zone: string) => void;
}

/** An IANA zone picker: type to filter (`berlin`, `new york`), arrows and Enter to pick. */
export function TimeZonePicker({ label, hint, value, onChange }: TimeZonePickerProps) {
  const zones = useMemo(() => listTimeZones([value]), [value]);
  const [query, setQuery] = useState(value);
  const [typing, setTyping] = useState(false);
  const options = useComboboxFilter(typing ? query : "", zones, {
    filter: (zone, q) => matches(zone, q),
    noOptionsMessage: "No time zone matches. Try a city, e.g. Berlin or New York.",
  });
  const typedZone = canonicalTimeZone(query.trim());

  return (
    <Field label={label} hint={hint}>
      <Combobox
        value={query}
        selectedOptions={[value]}
        onChange={(event) => {
          setQuery(event.target.value);
          setTyping(true);
        }}
        onOptionSelect={(_event, data) => {
          // Typing clears Fluent's selection (an event without a value): keep filtering, keep the zone in use.
          const zone = data.optionValue;
          if (zone === undefined || canonicalTimeZone(zone) === null) return;
          onChange(zone);
          setQuery(zone);
          setTyping(false);
        }}
        onBlur={() => {
          // A zone typed in full counts; anything else falls back to the zone in use, which stays shown.
          if (typedZone !== null) onChange(typedZone);
          setQuery(typedZone ?? value);
          setTyping(false);
        }}
      >
        {options}
      </Combobox>
    </Field>
  );
}
