import type { DirectoryUserRecord } from "../directory-seed.ts";
import { QueryError } from "./search.ts";
import type { UserPredicate } from "./search.ts";

/**
 * A deliberately small OData `$filter` parser for users: startswith/endswith, eq/ne, `in`, and/or,
 * parentheses. Anything else is rejected with 400 so a client never gets silently wrong results.
 */
type Token = { kind: "ident"; text: string } | { kind: "string"; value: string } | { kind: "open" } | { kind: "close" } | { kind: "comma" };

type Literal = string | boolean | null;

const filterableProperties: Record<string, { name: keyof DirectoryUserRecord; type: "string" | "boolean" }> = {
  id: { name: "id", type: "string" },
  userprincipalname: { name: "userPrincipalName", type: "string" },
  displayname: { name: "displayName", type: "string" },
  givenname: { name: "givenName", type: "string" },
  surname: { name: "surname", type: "string" },
  mail: { name: "mail", type: "string" },
  mailnickname: { name: "mailNickname", type: "string" },
  jobtitle: { name: "jobTitle", type: "string" },
  department: { name: "department", type: "string" },
  employeeid: { name: "employeeId", type: "string" },
  usertype: { name: "userType", type: "string" },
  creationtype: { name: "creationType", type: "string" },
  externaluserstate: { name: "externalUserState", type: "string" },
  accountenabled: { name: "accountEnabled", type: "boolean" },
};

const advancedHint =
  "Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information";

function syntax(detail: string): QueryError {
  return new QueryError("BadRequest", `Invalid filter clause: ${detail}`);
}

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = "";
      i++;
      let closed = false;
      while (i < input.length) {
        if (input[i] === "'") {
          if (input[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        value += input[i];
        i++;
      }
      if (!closed) throw syntax("unterminated string literal.");
      tokens.push({ kind: "string", value });
    } else if (c === "(") {
      tokens.push({ kind: "open" });
      i++;
    } else if (c === ")") {
      tokens.push({ kind: "close" });
      i++;
    } else if (c === ",") {
      tokens.push({ kind: "comma" });
      i++;
    } else {
      const word = /^[A-Za-z0-9_.\-/]+/.exec(input.slice(i))?.[0];
      if (!word) throw syntax(`character '${c}' is not valid at position ${i}.`);
      tokens.push({ kind: "ident", text: word });
      i += word.length;
    }
  }
  return tokens;
}

function property(name: string): { name: keyof DirectoryUserRecord; type: "string" | "boolean" } {
  const found = filterableProperties[name.toLowerCase()];
  if (!found) {
    throw new QueryError(
      "Request_UnsupportedQuery",
      `Unsupported or invalid query filter clause specified for property '${name}' of resource 'User'.`,
    );
  }
  return found;
}

function equals(field: unknown, literal: Literal): boolean {
  if (literal === null) return field === null || field === undefined;
  if (typeof literal === "boolean") return field === literal;
  return typeof field === "string" && field.toLowerCase() === literal.toLowerCase();
}

export interface FilterOptions {
  /** ConsistencyLevel: eventual plus $count=true were sent. */
  advanced: boolean;
}

export function parseFilter(input: string, options: FilterOptions): UserPredicate {
  const tokens = lex(input);
  let pos = 0;
  const next = (): Token | undefined => tokens[pos++];
  const peekIdent = (): string | null => {
    const t = tokens[pos];
    return t?.kind === "ident" ? t.text.toLowerCase() : null;
  };
  const expect = (kind: Token["kind"], what: string): Token => {
    const t = next();
    if (t?.kind !== kind) throw syntax(`expected ${what}.`);
    return t;
  };
  const requireAdvanced = (operator: string): void => {
    if (!options.advanced) {
      throw new QueryError(
        "Request_UnsupportedQuery",
        `Operator '${operator}' is not supported because the required parameters might be missing. ${advancedHint}`,
      );
    }
  };
  const literal = (): Literal => {
    const t = next();
    if (t?.kind === "string") return t.value;
    if (t?.kind === "ident") {
      const word = t.text.toLowerCase();
      if (word === "true") return true;
      if (word === "false") return false;
      if (word === "null") return null;
    }
    throw syntax("expected a literal such as 'text', true, false or null.");
  };

  const stringFunction = (name: "startswith" | "endswith"): UserPredicate => {
    if (name === "endswith") requireAdvanced("endsWith");
    expect("open", "'('");
    const prop = expect("ident", "a property name") as { kind: "ident"; text: string };
    const p = property(prop.text);
    if (p.type !== "string") throw new QueryError("Request_UnsupportedQuery", `Unsupported query: ${name} on '${prop.text}'.`);
    expect("comma", "','");
    const value = literal();
    if (typeof value !== "string") throw syntax(`${name} needs a string literal.`);
    expect("close", "')'");
    const wanted = value.toLowerCase();
    return (user) => {
      const field = user[p.name];
      if (typeof field !== "string") return false;
      return name === "startswith" ? field.toLowerCase().startsWith(wanted) : field.toLowerCase().endsWith(wanted);
    };
  };

  const primary = (): UserPredicate => {
    const t = next();
    if (t?.kind === "open") {
      const inner = orExpr();
      expect("close", "')'");
      return inner;
    }
    if (t?.kind !== "ident") throw syntax("expected an expression.");
    const word = t.text.toLowerCase();
    if (word === "startswith" || word === "endswith") return stringFunction(word);
    if (word === "not") {
      requireAdvanced("not");
      const inner = primary();
      return (u) => !inner(u);
    }
    if (tokens[pos]?.kind === "open") {
      throw new QueryError("Request_UnsupportedQuery", `Unsupported Query: function '${t.text}' is not supported by the emulated tenant.`);
    }
    const p = property(t.text);
    const op = next();
    if (op?.kind !== "ident") throw syntax("expected an operator.");
    const operator = op.text.toLowerCase();
    if (operator === "eq" || operator === "ne") {
      if (operator === "ne") requireAdvanced("ne");
      const value = literal();
      if (value !== null && (typeof value === "boolean") !== (p.type === "boolean")) {
        throw syntax(`literal type does not match property '${t.text}'.`);
      }
      return operator === "eq" ? (u) => equals(u[p.name], value) : (u) => !equals(u[p.name], value);
    }
    if (operator === "in") {
      expect("open", "'('");
      const values: Literal[] = [literal()];
      while (tokens[pos]?.kind === "comma") {
        pos++;
        values.push(literal());
      }
      expect("close", "')'");
      if (values.length > 15) {
        throw new QueryError(
          "Request_UnsupportedQuery",
          `Too many child clauses specified in search filter expression containing 'OR' operators: ${values.length}. Max allowed: 15.`,
        );
      }
      return (u) => values.some((v) => equals(u[p.name], v));
    }
    throw new QueryError("Request_UnsupportedQuery", `Unsupported Query: operator '${op.text}' is not supported by the emulated tenant.`);
  };

  const andExpr = (): UserPredicate => {
    let left = primary();
    while (peekIdent() === "and") {
      pos++;
      const l = left;
      const r = primary();
      left = (u) => l(u) && r(u);
    }
    return left;
  };
  const orExpr = (): UserPredicate => {
    let left = andExpr();
    while (peekIdent() === "or") {
      pos++;
      const l = left;
      const r = andExpr();
      left = (u) => l(u) || r(u);
    }
    return left;
  };

  if (tokens.length === 0) throw syntax("the expression is empty.");
  const predicate = orExpr();
  if (pos !== tokens.length) throw syntax("unexpected text after the expression.");
  return predicate;
}
