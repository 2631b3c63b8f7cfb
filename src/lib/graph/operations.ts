import { parseDirectoryRoles } from "../directory-roles";
import { collectPages } from "./paging";
import { userPath } from "./user-key";
import type {
  BatchRequest,
  CreateTemporaryAccessPassBody,
  DirectoryRole,
  DirectoryUser,
  GraphClient,
  GraphCollection,
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
] as const;

/** Joins query parameters, percent-encoding values but keeping `$` in the names readable. */
export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== null)
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`);
  return parts.length === 0 ? "" : `?${parts.join("&")}`;
}

function tapMethodsPath(userKey: string): string {
  return `${userPath(userKey)}/authentication/temporaryAccessPassMethods`;
}

export function getMe(client: GraphClient, options: CallOptions = {}): Promise<SignedInUser> {
  return client.request<SignedInUser>(`/me${queryString({ $select: "id,displayName,userPrincipalName,mail" })}`, options);
}

/** The signed-in tenant (`/organization` lists exactly one for a work account). */
export async function getOrganization(client: GraphClient, options: CallOptions = {}): Promise<Organization | null> {
  const page = await client.request<GraphCollection<Organization>>(
    `/organization${queryString({ $select: "id,displayName,verifiedDomains" })}`,
    options,
  );
  return page.value[0] ?? null;
}

/** Directory roles the signed-in admin holds, directly or through role-assignable groups. */
export async function listMyDirectoryRoles(client: GraphClient, options: CallOptions = {}): Promise<DirectoryRole[]> {
  const path = `/me/transitiveMemberOf/microsoft.graph.directoryRole${queryString({
    $select: "id,displayName,roleTemplateId",
    $count: true,
  })}`;
  const pages = await collectPages<unknown>(client, path, { headers: EVENTUAL, signal: options.signal });
  return parseDirectoryRoles(pages.items);
}

export function getUser(
  client: GraphClient,
  userKey: string,
  select: readonly string[] = DEFAULT_USER_SELECT,
  options: CallOptions = {},
): Promise<DirectoryUser> {
  return client.request<DirectoryUser>(`${userPath(userKey)}${queryString({ $select: select.join(",") })}`, options);
}

export async function listUserDirectoryRoles(
  client: GraphClient,
  userKey: string,
  options: CallOptions = {},
): Promise<DirectoryRole[]> {
  const path = `${userPath(userKey)}/transitiveMemberOf/microsoft.graph.directoryRole${queryString({
    $select: "id,displayName,roleTemplateId",
    $count: true,
  })}`;
  const pages = await collectPages<unknown>(client, path, { headers: EVENTUAL, signal: options.signal });
  return parseDirectoryRoles(pages.items);
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
  return client.request<GraphCollection<DirectoryUser>>(path, {
    signal: options.signal,
    headers: advanced ? { ...EVENTUAL } : undefined,
  });
}

/** `/me/people?$search=…`; `search` is a ready expression (buildPeopleSearchExpression). */
export function listMyPeople(
  client: GraphClient,
  search: string,
  top = 10,
  options: CallOptions = {},
): Promise<GraphCollection<Person>> {
  return client.request<GraphCollection<Person>>(`/me/people${queryString({ $search: search, $top: top })}`, options);
}

/** People results include groups and contacts; only organisation users can get a pass. */
export function isOrganizationUser(person: Person): boolean {
  return person.personType?.class === "Person" && person.personType.subclass === "OrganizationUser";
}

export function getTemporaryAccessPassPolicy(
  client: GraphClient,
  options: CallOptions = {},
): Promise<TemporaryAccessPassPolicy> {
  return client.request<TemporaryAccessPassPolicy>(
    "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass",
    options,
  );
}

/** The user's pass, if any (Graph returns at most one; its value is always null here). */
export async function listTemporaryAccessPassMethods(
  client: GraphClient,
  userKey: string,
  options: CallOptions = {},
): Promise<TemporaryAccessPassMethod[]> {
  const page = await client.request<GraphCollection<TemporaryAccessPassMethod>>(tapMethodsPath(userKey), options);
  return page.value;
}

/** Creates a pass (replacing any existing one); the 201 is the only answer that carries the value. */
export function createTemporaryAccessPass(
  client: GraphClient,
  userKey: string,
  body: CreateTemporaryAccessPassBody,
  options: CallOptions = {},
): Promise<TemporaryAccessPassMethod> {
  return client.request<TemporaryAccessPassMethod>(tapMethodsPath(userKey), { ...options, method: "POST", body });
}

export async function deleteTemporaryAccessPass(
  client: GraphClient,
  userKey: string,
  methodId: string,
  options: CallOptions = {},
): Promise<void> {
  await client.request<unknown>(`${tapMethodsPath(userKey)}/${encodeURIComponent(methodId)}`, {
    ...options,
    method: "DELETE",
  });
}

/** The create call as one `$batch` entry (URL relative to the version root). */
export function buildCreateTapBatchRequest(
  id: string,
  userKey: string,
  body: CreateTemporaryAccessPassBody,
): BatchRequest {
  return {
    id,
    method: "POST",
    url: tapMethodsPath(userKey),
    headers: { "Content-Type": "application/json" },
    body,
  };
}

export function buildListTapMethodsBatchRequest(id: string, userKey: string): BatchRequest {
  return { id, method: "GET", url: tapMethodsPath(userKey) };
}

export function buildGetUserBatchRequest(
  id: string,
  userKey: string,
  select: readonly string[] = DEFAULT_USER_SELECT,
): BatchRequest {
  return { id, method: "GET", url: `${userPath(userKey)}${queryString({ $select: select.join(",") })}` };
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
