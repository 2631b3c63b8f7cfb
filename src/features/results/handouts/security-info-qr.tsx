import { SECURITY_INFO_URL } from "../next-step";
import { SECURITY_INFO_QR_ROWS } from "./security-info-qr-rows";

// The standard's quiet zone around the code: four modules of white.
const QUIET = 4;

/** The dark modules as one SVG path, a horizontal run per rectangle. */
export function qrPath(rows: readonly string[], offset = QUIET): string {
  let path = "";
  rows.forEach((row, y) => {
    for (const run of row.matchAll(/1+/g)) path += `M${run.index + offset} ${y + offset}h${run[0].length}v1h-${run[0].length}z`;
  });
  return path;
}

const SIZE = SECURITY_INFO_QR_ROWS.length + 2 * QUIET;
const PATH = qrPath(SECURITY_INFO_QR_ROWS);

/** The QR code of the registration address (never of a pass), drawn black on white for any printer. */
export function SecurityInfoQr({ size }: { size: string }) {
  return (
    <svg
      style={{ width: size, height: size }}
      viewBox={`0 0 ${SIZE} ${SIZE}`}
      role="img"
      aria-label={`QR code of ${SECURITY_INFO_URL}`}
      shapeRendering="crispEdges"
      data-testid="security-info-qr"
    >
      <rect width={SIZE} height={SIZE} fill="#fff" />
      <path d={PATH} fill="#000" />
    </svg>
  );
}
