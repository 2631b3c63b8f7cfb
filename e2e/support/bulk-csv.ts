/**
 * Builds onboarding CSVs in the shapes admins really upload, byte for byte (BOMs, encodings, line
 * endings), from users of the test's own emulated tenant.
 */

export interface CsvUser {
  userPrincipalName: string;
  displayName: string;
  id: string;
}

export interface CsvShape {
  /** What the test calls it. */
  name: string;
  fileName: string;
  mimeType: string;
  build(users: readonly CsvUser[]): Buffer;
  /** The detection summary the import panel must show for this shape. */
  summary: string;
  /** 1-based line of the first user row. */
  firstDataLine: number;
}

const BOM = "\uFEFF";
const crlf = (lines: readonly string[]) => lines.map((line) => `${line}\r\n`).join("");
const lf = (lines: readonly string[]) => lines.map((line) => `${line}\n`).join("");
const quoted = (cells: readonly string[]) => cells.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(",");

function utf16le(text: string): Buffer {
  return Buffer.from(text, "utf16le");
}

function firstName(user: CsvUser): string {
  return user.displayName.split(" ")[0] ?? user.displayName;
}

function lastName(user: CsvUser): string {
  return user.displayName.split(" ").slice(1).join(" ");
}

export const CSV_SHAPES: readonly CsvShape[] = [
  {
    name: "the seed tool's UserName file",
    fileName: "onboarding.csv",
    mimeType: "text/csv",
    build: (users) => Buffer.from(crlf(["UserName", ...users.map((user) => user.userPrincipalName)])),
    summary: "CSV with a header row · users from column “UserName” · one column · UTF-8 · header on line 1",
    firstDataLine: 2,
  },
  {
    name: "a bare list of UPNs",
    fileName: "upns.txt",
    mimeType: "text/plain",
    build: (users) => Buffer.from(lf(users.map((user) => user.userPrincipalName))),
    summary: "List of users, one per line · one column · UTF-8",
    firstDataLine: 1,
  },
  {
    name: "Entra's Bulk create users template",
    fileName: "UserCreateTemplate.csv",
    mimeType: "text/csv",
    build: (users) =>
      Buffer.from(
        crlf([
          "version:v1.0",
          "Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,First name [givenName],Last name [surname],Job title [jobTitle],Department [department],Usage location [usageLocation]",
          ...users.map((user) =>
            [
              user.displayName.replaceAll(",", " "),
              user.userPrincipalName,
              "Not-A-Real-Password-1!",
              "No",
              firstName(user),
              lastName(user),
              "",
              "Onboarding",
              "US",
            ].join(","),
          ),
        ]),
      ),
    summary:
      "Entra “Bulk create users” template · users from column “User name [userPrincipalName] Required” · comma-separated · UTF-8 · header on line 2 · skipped line 1 (version:v1.0)",
    firstDataLine: 3,
  },
  {
    name: "Entra's Download users export",
    fileName: "exportUsers_2026-1-1.csv",
    mimeType: "text/csv",
    build: (users) =>
      Buffer.from(
        crlf([
          quoted(["id", "displayName", "userPrincipalName", "userType", "mail", "accountEnabled"]),
          ...users.map((user) => quoted([user.id, user.displayName, user.userPrincipalName, "Member", user.userPrincipalName, "True"])),
        ]),
      ),
    summary:
      "Entra admin center “Download users” export · users from column “userPrincipalName” · comma-separated · UTF-8 · header on line 1",
    firstDataLine: 2,
  },
  {
    name: "PowerShell Export-Csv with its #TYPE line",
    fileName: "Get-MgUser.csv",
    mimeType: "text/csv",
    build: (users) =>
      Buffer.from(
        crlf([
          "#TYPE System.Management.Automation.PSCustomObject",
          quoted(["DisplayName", "UserPrincipalName", "Id"]),
          ...users.map((user) => quoted([user.displayName, user.userPrincipalName, user.id])),
        ]),
      ),
    summary:
      "PowerShell Export-Csv output · users from column “UserPrincipalName” · comma-separated · UTF-8 · header on line 2 · skipped line 1 (#TYPE System.Management.Automation.PSCustomObject)",
    firstDataLine: 3,
  },
  {
    name: "Excel CSV UTF-8 (BOM, semicolons, CRLF)",
    fileName: "Onboarding (Excel).csv",
    mimeType: "text/csv",
    build: (users) =>
      Buffer.from(
        BOM +
          crlf([
            "Name;User name;Department",
            ...users.map((user) => `${lastName(user)}, ${firstName(user)};${user.userPrincipalName};Onboarding`),
          ]),
      ),
    summary: "CSV with a header row · users from column “User name” · semicolon-separated · UTF-8 with BOM · header on line 1",
    firstDataLine: 2,
  },
  {
    name: "Excel Unicode text (UTF-16 LE, tabs)",
    fileName: "Onboarding.txt",
    mimeType: "text/plain",
    build: (users) =>
      utf16le(
        BOM + crlf(["Name\tE-mail\tDepartment", ...users.map((user) => `${user.displayName}\t${user.userPrincipalName}\tOnboarding`)]),
      ),
    summary: "CSV with a header row · users from column “E-mail” · tab-separated · UTF-16 LE (Excel “Unicode text”) · header on line 1",
    firstDataLine: 2,
  },
];

/** The seed tool's one-column shape, for tests about rows rather than shapes. */
export function userNameCsv(identifiers: readonly string[]): Buffer {
  return Buffer.from(crlf(["UserName", ...identifiers]));
}
