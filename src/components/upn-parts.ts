/**
 * A user principal name cut after each `@` and `.`, the places a narrow screen may wrap it
 * ("anna.lindqvist@" / "contoso." / "example"), so it never breaks mid-word unless a part is wider
 * than the screen.
 */
export function upnParts(upn: string): string[] {
  return upn.split(/(?<=[@.])/).filter((part) => part !== "");
}
