import { GraphError, GraphNetworkError } from "./graph/graph-error";

/** One plain sentence for any error shown to an admin; Graph errors keep their request id. */
export function describeError(error: unknown): string {
  if (error instanceof GraphError) {
    const id = error.requestId ? ` (request id ${error.requestId})` : "";
    if (error.status === 401) return `Your sign-in is no longer accepted by Microsoft Graph. Sign out and in again${id}.`;
    if (error.status === 403) return `Microsoft Graph says you don't have permission for this: ${error.message}${id}`;
    if (error.status === 429) return `Microsoft Graph is throttling requests; try again in a moment${id}.`;
    if (error.status >= 500) return `Microsoft Graph had a temporary problem (${error.status}); try again${id}.`;
    return `${error.message}${id}`;
  }
  if (error instanceof GraphNetworkError) return "Microsoft Graph could not be reached. Check your connection and try again.";
  return error instanceof Error ? error.message : "An unknown error occurred.";
}
