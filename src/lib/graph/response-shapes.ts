import * as v from "valibot";
import { GraphResponseShapeError, ResponseShapeProblem } from "./graph-error";
import { headerValue } from "./parse-error";
import type {
  BatchResponse,
  BodyReader,
  DirectoryRole,
  DirectoryUser,
  GraphCollection,
  ManagerRef,
  Organization,
  Person,
  SignedInUser,
  TemporaryAccessPassMethod,
  TemporaryAccessPassPolicy,
} from "./types";

/**
 * The shapes TAP Desk reads from Graph, checked with valibot (its functions tree-shake, so only the
 * few validators used here ship). Each schema names only the properties the app reads; extra
 * properties are accepted and dropped. Properties Graph may return as null (unset values, or the
 * limited-information rule on role objects) are accepted as null.
 */

/** A schema whose output is one of our declared types, so types.ts stays the one description. */
export type Shape<T> = v.GenericSchema<unknown, T>;

/** What a check gives: the value, or a plain description of the first field that did not fit. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const text = v.string();
const optionalText = v.nullish(v.string());
/** Present-but-nullable properties we $select; a missing one reads as null. */
const nullableText = v.optional(v.nullable(v.string()), null);

function kindOf(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "a list";
  if (typeof input === "string") return "text";
  return `a ${typeof input}`;
}

/** Never quotes the offending value: a malformed create answer could carry a pass value. */
function describeIssue(issue: v.BaseIssue<unknown>, at: string): string {
  const path = [at, v.getDotPath(issue) ?? ""].filter((part) => part !== "").join(".");
  if (path === "") return issue.input === undefined ? "the answer was empty" : `the answer was ${kindOf(issue.input)}, not an object`;
  // valibot reports a missing key with the key's name as `expected`.
  if (issue.input === undefined) return `${path} is missing`;
  return `${path}: expected ${issue.expected ?? "another value"}, got ${kindOf(issue.input)}`;
}

/** `at` names where `input` sits in a larger answer, e.g. "responses.3". */
export function check<T>(schema: Shape<T>, input: unknown, at = ""): Checked<T> {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, problem: describeIssue(result.issues[0], at) };
}

/** A collection page: `value` plus the paging properties. */
export function collectionShape<T>(item: Shape<T>): Shape<GraphCollection<T>> {
  return v.object({
    value: v.array(item),
    "@odata.nextLink": v.optional(v.string()),
    "@odata.count": v.optional(v.number()),
  });
}

const userIdentityShape = v.object({
  signInType: optionalText,
  issuer: optionalText,
  issuerAssignedId: optionalText,
});

/** A user with the properties preflight and the picker $select (DEFAULT_USER_SELECT). */
export const directoryUserShape: Shape<DirectoryUser> = v.object({
  id: text,
  displayName: nullableText,
  userPrincipalName: text,
  mail: optionalText,
  jobTitle: optionalText,
  department: optionalText,
  accountEnabled: v.optional(v.boolean()),
  userType: v.nullish(v.picklist(["Member", "Guest"])),
  externalUserState: optionalText,
  creationType: optionalText,
  identities: v.nullish(v.array(userIdentityShape)),
  // A UTC DateTimeOffset; the check reads its calendar day (domain/zoned-time.ts, hireDateDay).
  employeeHireDate: optionalText,
});

/** `GET /users/{id}/manager?$select=id,displayName,userPrincipalName,mail`: `mail` null = no mailbox. */
export const managerRefShape: Shape<ManagerRef> = v.object({
  id: text,
  displayName: nullableText,
  userPrincipalName: nullableText,
  mail: nullableText,
});

export const signedInUserShape: Shape<SignedInUser> = v.object({
  id: text,
  displayName: nullableText,
  userPrincipalName: text,
  mail: optionalText,
});

export const organizationShape: Shape<Organization> = v.object({
  id: text,
  displayName: nullableText,
  verifiedDomains: v.optional(v.array(v.object({ name: text, isDefault: v.boolean(), isInitial: v.optional(v.boolean()) }))),
});

/**
 * A role object from `transitiveMemberOf`. On a real tenant whose token may not read roles, every
 * property but `id` is null (limited-information rule), so null is a valid answer here.
 */
export const directoryRoleShape: Shape<DirectoryRole> = v.object({
  id: text,
  displayName: nullableText,
  roleTemplateId: nullableText,
});

export const personShape: Shape<Person> = v.object({
  id: text,
  displayName: nullableText,
  userPrincipalName: nullableText,
  jobTitle: optionalText,
  department: optionalText,
  scoredEmailAddresses: v.nullish(v.array(v.object({ address: text, relevanceScore: v.nullish(v.number()) }))),
  personType: v.nullish(v.object({ class: optionalText, subclass: optionalText })),
});

/** A listed pass (GET …/temporaryAccessPassMethods): the value is always null there. */
export const temporaryAccessPassMethodShape: Shape<TemporaryAccessPassMethod> = v.object({
  id: text,
  temporaryAccessPass: nullableText,
  createdDateTime: text,
  startDateTime: text,
  lifetimeInMinutes: v.number(),
  isUsableOnce: v.boolean(),
  isUsable: v.boolean(),
  methodUsabilityReason: text,
});

/** What the 201 from create must carry for a pass to be shown: its value and the settings it got. */
export interface CreatedTemporaryAccessPass {
  id: string;
  temporaryAccessPass: string;
  createdDateTime: string;
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
}

export const createdTemporaryAccessPassShape: Shape<CreatedTemporaryAccessPass> = v.object({
  id: text,
  temporaryAccessPass: v.pipe(v.string(), v.nonEmpty()),
  createdDateTime: text,
  startDateTime: text,
  lifetimeInMinutes: v.number(),
  isUsableOnce: v.boolean(),
});

export const temporaryAccessPassPolicyShape: Shape<TemporaryAccessPassPolicy> = v.object({
  id: text,
  state: v.picklist(["enabled", "disabled"]),
  defaultLifetimeInMinutes: v.number(),
  defaultLength: v.number(),
  minimumLifetimeInMinutes: v.number(),
  maximumLifetimeInMinutes: v.number(),
  isUsableOnce: v.boolean(),
});

/** The outer `$batch` answer; each entry is checked on its own so one bad entry fails only its row. */
export const batchEnvelopeShape: Shape<{ responses: unknown[] }> = v.object({ responses: v.array(v.unknown()) });

export interface BatchEntry {
  id: string;
  status: number;
  headers?: Record<string, string | number> | null;
  body?: unknown;
}

export const batchEntryShape: Shape<BatchEntry> = v.object({
  id: text,
  status: v.pipe(v.number(), v.integer()),
  headers: v.nullish(v.record(v.string(), v.union([v.string(), v.number()]))),
  body: v.optional(v.unknown()),
});

/** A BodyReader for `client.request`: the checked value, or a ResponseShapeProblem. */
export function readerOf<T>(shape: Shape<T>): BodyReader<T> {
  return (body) => {
    const checked = check(shape, body);
    if (!checked.ok) throw new ResponseShapeProblem(checked.problem);
    return checked.value;
  };
}

/** For answers nothing is read from (DELETE's 204). */
export const ignoreBody: BodyReader<undefined> = () => undefined;

/**
 * Reads the 201 of one create inside `$batch`. The engine shows a pass only from this: an answer
 * without a value, or with settings it can't read, becomes a GraphResponseShapeError (status and
 * request id kept) so the row is handled like a lost answer, never shown half-read.
 */
export function readCreatedPass(response: BatchResponse): CreatedTemporaryAccessPass | GraphResponseShapeError {
  const checked = check(createdTemporaryAccessPassShape, response.body);
  if (checked.ok) return checked.value;
  return new GraphResponseShapeError({
    status: response.status,
    problem: checked.problem,
    requestId: headerValue(response.headers, "request-id"),
  });
}

const passIdsShape = v.object({ value: v.array(v.object({ id: text })) });

/**
 * Reads the ids of a user's passes from one `GET …/temporaryAccessPassMethods` inside `$batch`
 * (removing a pass checks it is still the current one). Anything else is a GraphResponseShapeError.
 */
export function readPassIds(response: BatchResponse): string[] | GraphResponseShapeError {
  const checked = check(passIdsShape, response.body);
  if (checked.ok) return checked.value.value.map((pass) => pass.id);
  return new GraphResponseShapeError({
    status: response.status,
    problem: checked.problem,
    requestId: headerValue(response.headers, "request-id"),
  });
}
