import type { DirectoryUserRecord } from "../directory-seed.ts";
import { cachedSearchTokens, fold, searchTokens } from "./text-match.ts";

export class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type UserPredicate = (user: DirectoryUserRecord) => boolean;

type SearchToken = { kind: "clause"; text: string } | { kind: "and" } | { kind: "or" } | { kind: "open" } | { kind: "close" };

const searchableProperties: Record<string, keyof DirectoryUserRecord> = {
  displayname: "displayName",
  givenname: "givenName",
  surname: "surname",
  userprincipalname: "userPrincipalName",
  mail: "mail",
  mailnickname: "mailNickname",
  jobtitle: "jobTitle",
  department: "department",
  employeeid: "employeeId",
};

const syntaxHelp = 'Syntax error in $search: each clause must be "property:value" in double quotes, combined with AND / OR in upper case.';

function lex(input: string): SearchToken[] {
  const tokens: SearchToken[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let text = "";
      i++;
      let closed = false;
      while (i < input.length) {
        const d = input[i] as string;
        if (d === "\\") {
          const next = input[i + 1];
          if (next === undefined) throw new QueryError("Request_UnsupportedQuery", syntaxHelp);
          text += next;
          i += 2;
        } else if (d === '"') {
          closed = true;
          i++;
          break;
        } else {
          text += d;
          i++;
        }
      }
      if (!closed) throw new QueryError("Request_UnsupportedQuery", syntaxHelp);
      tokens.push({ kind: "clause", text });
    } else if (c === "(") {
      tokens.push({ kind: "open" });
      i++;
    } else if (c === ")") {
      tokens.push({ kind: "close" });
      i++;
    } else {
      const word = /^[A-Za-z]+/.exec(input.slice(i))?.[0];
      if (word === "AND") tokens.push({ kind: "and" });
      else if (word === "OR") tokens.push({ kind: "or" });
      else throw new QueryError("Request_UnsupportedQuery", syntaxHelp);
      i += word.length;
    }
  }
  return tokens;
}

function clausePredicate(text: string): UserPredicate {
  const colon = text.indexOf(":");
  if (colon <= 0) throw new QueryError("Request_UnsupportedQuery", syntaxHelp);
  const propertyName = text.slice(0, colon).trim();
  const value = text.slice(colon + 1);
  const property = searchableProperties[propertyName.toLowerCase()];
  if (!property) {
    throw new QueryError(
      "Request_UnsupportedQuery",
      `Unsupported or invalid query filter clause specified for property '${propertyName}' of resource 'User'.`,
    );
  }
  if (value.trim() === "") throw new QueryError("Request_UnsupportedQuery", syntaxHelp);
  if (property === "displayName") {
    const wanted = searchTokens(value);
    if (wanted.length === 0) return () => false;
    return (user) => {
      const have = cachedSearchTokens(user.displayName);
      return wanted.every((w) => have.some((h) => h.startsWith(w)));
    };
  }
  const prefix = fold(value);
  return (user) => {
    const field = user[property];
    return typeof field === "string" && fold(field).startsWith(prefix);
  };
}

/** Parses a directory `$search` expression into a predicate (AND binds tighter than OR). */
export function parseSearch(input: string): UserPredicate {
  const tokens = lex(input);
  let pos = 0;
  const peek = (): SearchToken | undefined => tokens[pos];
  const primary = (): UserPredicate => {
    const token = tokens[pos++];
    if (token?.kind === "clause") return clausePredicate(token.text);
    if (token?.kind === "open") {
      const inner = orExpr();
      if (tokens[pos++]?.kind !== "close") throw new QueryError("Request_UnsupportedQuery", syntaxHelp);
      return inner;
    }
    throw new QueryError("Request_UnsupportedQuery", syntaxHelp);
  };
  const andExpr = (): UserPredicate => {
    let left = primary();
    while (peek()?.kind === "and") {
      pos++;
      const l = left;
      const r = primary();
      left = (u) => l(u) && r(u);
    }
    return left;
  };
  const orExpr = (): UserPredicate => {
    let left = andExpr();
    while (peek()?.kind === "or") {
      pos++;
      const l = left;
      const r = andExpr();
      left = (u) => l(u) || r(u);
    }
    return left;
  };
  if (tokens.length === 0) throw new QueryError("Request_UnsupportedQuery", syntaxHelp);
  const predicate = orExpr();
  if (pos !== tokens.length) throw new QueryError("Request_UnsupportedQuery", syntaxHelp);
  return predicate;
}
