import type { BatchRequest, BatchResponse, GraphClient } from "../../../lib/graph/types";

const TAP_PATH = /^\/users\/([^/]+)\/authentication\/temporaryAccessPassMethods(?:\/([^/]+))?$/;

/**
 * A tiny Graph over a map of user → current pass id, answering at once (no latency, no pacing
 * waits worth a fake clock). Users in `refuse` get Graph's 403 shape on every call.
 */
export function mapTenant(passes: Map<string, string>, refuse: ReadonlySet<string> = new Set()) {
  const calls: BatchRequest[] = [];
  const answer = (request: BatchRequest): BatchResponse => {
    calls.push(request);
    const match = TAP_PATH.exec(request.url);
    const user = match?.[1] ?? "";
    if (refuse.has(user)) {
      return {
        id: request.id,
        status: 403,
        headers: { "request-id": "req-403" },
        body: { error: { code: "accessDenied", message: "Request Authorization failed", innerError: { "request-id": "req-403" } } },
      };
    }
    const current = passes.get(user);
    if (request.method === "GET") {
      return {
        id: request.id,
        status: 200,
        headers: {},
        body: {
          value: current
            ? [
                {
                  id: current,
                  isUsable: true,
                  isUsableOnce: false,
                  lifetimeInMinutes: 60,
                  createdDateTime: "2026-11-30T10:00:00Z",
                  startDateTime: "2026-11-30T10:00:00Z",
                  methodUsabilityReason: "EnabledByPolicy",
                },
              ]
            : [],
        },
      };
    }
    if (request.method === "DELETE" && current && current === match?.[2]) {
      passes.delete(user);
      return { id: request.id, status: 204, headers: {}, body: null };
    }
    return { id: request.id, status: 404, headers: {}, body: { error: { code: "itemNotFound", message: "Not found" } } };
  };
  const client: GraphClient = {
    request: () => Promise.reject(new Error("not used")),
    batch: (requests) => Promise.resolve(requests.map(answer)),
  };
  return { client, calls };
}
