/**
 * Splits a pass into groups for reading aloud or copying by eye. Only the display is grouped
 * (by spacing between elements); the groups join back to exactly the issued value.
 */
export function groupPassValue(value: string, size = 4): string[] {
  if (size < 1) return [value];
  const groups: string[] = [];
  for (let start = 0; start < value.length; start += size) groups.push(value.slice(start, start + size));
  return groups;
}
