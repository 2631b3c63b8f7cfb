import { collectPages } from "./paging";
import { MAX_BATCH_REQUESTS } from "./batch";
import {
  check,
  collectionShape,
  directoryRoleShape,
  directoryUserShape,
  ignoreBody,
  organizationShape,
  personShape,
  readerOf,
  signedInUserShape,
  temporaryAccessPassMethodShape,
  temporaryAccessPassPolicyShape,
} from "./response-shapes";
import { userPath } from "./user-key";
import type {
  BatchRequest,
  CreateTemporaryAccessPassBody,
  DirectoryRole,
  DirectoryUser,
  GraphClient,
  GraphCollection,
  MailMessage,
  Organization,
  Person,
  SignedInUser,
  TemporaryAccessPassMethod,
  TemporaryAccessPassPolicy,
} from "./types";

/**
 * Typed fetchers named after the Graph operations the app uses. Each takes the client first and
 * an optional `{ signal }` last (TanStack Query passes one).
 */
export interface CallOptions {
  signal?: AbortSignal;
}

const EVENTUAL = { ConsistencyLevel: "eventual" } as const;

export const DEFAULT_USER_SELECT = [
  "id",
  "displayName",
  "userPrincipalName",
  "mail",
  "jobTitle",
  "department",
  "accountEnabled",
  "userType",
  "externalUserState",
  "creationType",
  "identities",
  "employeeHireDate",
] as const;

/** Joins query parameters, percent-encoding values but keeping `$` in the names readable. */
export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== null)
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`);
  return parts.length === 0 ? "" : `?${parts.join("&")}`;
}

// Every answer is checked against the shape TAP Desk reads (response-shapes.ts), never cast.
const readMe = readerOf(signedInUserShape);
const readOrganizations = readerOf(collectionShape(organizationShape));
const readUsers = readerOf(collectionShape(directoryUserShape));
const readPeople = readerOf(collectionShape(personShape));
const readPolicy = readerOf(temporaryAccessPassPolicyShape);
const readPassesShape = collectionShape(temporaryAccessPassMethodShape);
const readPasses = readerOf(readPassesShape);

function tapMethodsPath(userKey: string): string {
  return `${userPath(userKey)}/authentication/temporaryAccessPassMethods`;
}

export function getMe(client: GraphClient, options: CallOptions = {}): Promise<SignedInUser> {
  return client.request(`/me${queryString({ $select: "id,displayName,userPrincipalName,mail" })}`, { ...options, read: readMe });
}

/** The signed-in tenant (`/organization` lists exactly one for a work account). */
export async function getOrganization(client: GraphClient, options: CallOptions = {}): Promise<Organization | null> {
  const page = await client.request(`/organization${queryString({ $select: "id,displayName,verifiedDomains" })}`, {
    ...options,
    read: readOrganizations,
  });
  return page.value[0] ?? null;
}

/** Directory roles the signed-in admin holds, directly or through role-assignable groups. */
export async function listMyDirectoryRoles(client: GraphClient, options: CallOptions = {}): Promise<DirectoryRole[]> {
  const path = `/me/transitiveMemberOf/microsoft.graph.directoryRole${queryString({
    $select: "id,displayName,roleTemplateId",
    $count: true,
  })}`;
  const pages = await collectPages(client, path, directoryRoleShape, { headers: EVENTUAL, signal: options.signal });
  return pages.items;
}

export interface ListUsersQuery {
  /** A ready `$search` expression (see search-query.ts). */
  search?: string | null;
  /** A ready `$filter` expression (see search-query.ts). */
  filter?: string | null;
  top?: number;
  select?: readonly string[];
  count?: boolean;
  orderBy?: string;
}

/** One page of `/users`; `ConsistencyLevel: eventual` is sent whenever $search or $count is used. */
export function listUsers(
  client: GraphClient,
  query: ListUsersQuery = {},
  options: CallOptions = {},
): Promise<GraphCollection<DirectoryUser>> {
  const advanced = Boolean(query.search) || query.count === true;
  const path = `/users${queryString({
    $search: query.search || undefined,
    $filter: query.filter || undefined,
    $select: (query.select ?? DEFAULT_USER_SELECT).join(","),
    $top: query.top,
    $count: query.count ? true : undefined,
    $orderby: query.orderBy,
  })}`;
  return client.request(path, {
    read: readUsers,
    signal: options.signal,
    headers: advanced ? { ...EVENTUAL } : undefined,
  });
}

/** `/me/people?$search=…`; `search` is a ready expression (buildPeopleSearchExpression). */
export function listMyPeople(client: GraphClient, search: string, top = 10, options: CallOptions = {}): Promise<GraphCollection<Person>> {
  return client.request(`/me/people${queryString({ $search: search, $top: top })}`, { ...options, read: readPeople });
}

/** People results include groups and contacts; only organisation users can get a pass. */
export function isOrganizationUser(person: Person): boolean {
  return person.personType?.class === "Person" && person.personType.subclass === "OrganizationUser";
}

export function getTemporaryAccessPassPolicy(client: GraphClient, options: CallOptions = {}): Promise<TemporaryAccessPassPolicy> {
  return client.request("/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass", {
    ...options,
    read: readPolicy,
  });
}

/** The user's pass, if any (Graph returns at most one; its value is always null here). */
export async function listTemporaryAccessPassMethods(
  client: GraphClient,
  userKey: string,
  options: CallOptions = {},
): Promise<TemporaryAccessPassMethod[]> {
  const page = await client.request(tapMethodsPath(userKey), { ...options, read: readPasses });
  return page.value;
}

/**
 * The passes several users hold, read with one `$batch` per 20 users (Graph's limit): the listing
 * never carries a value. A user whose read was refused, failed or answered oddly maps to null, so a
 * caller showing a hint can leave it out; a failed $batch as a whole throws.
 */
export async function listTemporaryAccessPassMethodsOf(
  client: GraphClient,
  userIds: readonly string[],
  options: CallOptions = {},
): Promise<Map<string, TemporaryAccessPassMethod[] | null>> {
  const held = new Map<string, TemporaryAccessPassMethod[] | null>();
  for (let start = 0; start < userIds.length; start += MAX_BATCH_REQUESTS) {
    const chunk = userIds.slice(start, start + MAX_BATCH_REQUESTS);
    const responses = await client.batch(
      chunk.map((userId, index) => buildListTapMethodsBatchRequest(String(index), userId)),
      options,
    );
    chunk.forEach((userId, index) => {
      const response = responses.find((each) => each.id === String(index));
      const page = response && response.status === 200 ? check(readPassesShape, response.body) : null;
      held.set(userId, page?.ok ? page.value.value : null);
    });
  }
  return held;
}

export async function deleteTemporaryAccessPass(
  client: GraphClient,
  userKey: string,
  methodId: string,
  options: CallOptions = {},
): Promise<void> {
  await client.request(`${tapMethodsPath(userKey)}/${encodeURIComponent(methodId)}`, {
    ...options,
    method: "DELETE",
    read: ignoreBody,
  });
}

/** The one permission e-mailing managers needs; asked for only on that call, never at sign-in. */
export const MAIL_SEND_PERMISSION = "Mail.Send";

/**
 * Sends a message from the signed-in admin's mailbox (202, no body). `saveToSentItems: false`: the
 * message carries pass values, so no copy of it stays in the admin's Sent Items.
 */
export async function sendMailAsMe(client: GraphClient, message: MailMessage, options: CallOptions = {}): Promise<void> {
  await client.request("/me/sendMail", {
    ...options,
    method: "POST",
    body: { message, saveToSentItems: false },
    extraPermissions: [MAIL_SEND_PERMISSION],
    read: ignoreBody,
  });
}

/** The create call as one `$batch` entry (URL relative to the version root). */
export function buildCreateTapBatchRequest(id: string, userKey: string, body: CreateTemporaryAccessPassBody): BatchRequest {
  return {
    id,
    method: "POST",
    url: tapMethodsPath(userKey),
    headers: { "Content-Type": "application/json" },
    body,
  };
}

/** Removes one pass by its method id, as one `$batch` entry (204; 404 when it is no longer there). */
export function buildDeleteTapBatchRequest(id: string, userKey: string, methodId: string): BatchRequest {
  return { id, method: "DELETE", url: `${tapMethodsPath(userKey)}/${encodeURIComponent(methodId)}` };
}

export function buildListTapMethodsBatchRequest(id: string, userKey: string): BatchRequest {
  return { id, method: "GET", url: tapMethodsPath(userKey) };
}

export function buildGetUserBatchRequest(id: string, userKey: string, select: readonly string[] = DEFAULT_USER_SELECT): BatchRequest {
  return { id, method: "GET", url: `${userPath(userKey)}${queryString({ $select: select.join(",") })}` };
}

/** The user's manager as one `$batch` entry: 404 `Request_ResourceNotFound` when none is set. */
export function buildGetManagerBatchRequest(id: string, userKey: string): BatchRequest {
  return { id, method: "GET", url: `${userPath(userKey)}/manager${queryString({ $select: "id,displayName,userPrincipalName,mail" })}` };
}

export function buildListUserDirectoryRolesBatchRequest(id: string, userKey: string): BatchRequest {
  return {
    id,
    method: "GET",
    url: `${userPath(userKey)}/transitiveMemberOf/microsoft.graph.directoryRole${queryString({
      $select: "id,displayName,roleTemplateId",
      $count: true,
    })}`,
    headers: { ...EVENTUAL },
  };
}
