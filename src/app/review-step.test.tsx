// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { GraphClientProvider } from "../lib/graph/graph-client-context";
import type { BatchRequest, BatchResponse, GraphClient } from "../lib/graph/types";
import type { Candidate } from "../lib/tap/run-types";
import { ReviewStep } from "./flow-steps";
import type { Review } from "./flow-types";

// No wids in the token: the admin's roles rest on Graph alone.
vi.mock("../lib/auth/claims", () => ({ useSignedInRoleClaim: () => null }));

afterEach(cleanup);

const POLICY = {
  id: "TemporaryAccessPass",
  state: "enabled",
  defaultLifetimeInMinutes: 60,
  defaultLength: 8,
  minimumLifetimeInMinutes: 60,
  maximumLifetimeInMinutes: 480,
  isUsableOnce: false,
};

/** Single calls as Graph answers them, passed through the caller's own reader (as the real client does). */
const request: GraphClient["request"] = async (path, options) => {
  if (path.startsWith("/me/transitiveMemberOf")) return options.read({ value: [] });
  if (path.startsWith("/me")) return options.read({ id: "me", displayName: "Admin", userPrincipalName: "admin@contoso.example" });
  if (path.includes("TemporaryAccessPass")) return options.read(POLICY);
  throw new Error(`unexpected ${path}`);
};

function answer(request: BatchRequest): BatchResponse {
  const key = decodeURIComponent(/^\/users\/([^/?]+)/.exec(request.url)?.[1] ?? "");
  if (request.url.includes("temporaryAccessPass")) return { id: request.id, status: 200, headers: {}, body: { value: [] } };
  if (request.url.includes("transitiveMemberOf")) return { id: request.id, status: 200, headers: {}, body: { value: [] } };
  if (key.startsWith("ghost")) {
    return { id: request.id, status: 404, headers: {}, body: { error: { code: "Request_ResourceNotFound", message: "gone" } } };
  }
  const id = key.split("@")[0]!;
  return { id: request.id, status: 200, headers: {}, body: { id, displayName: id, userPrincipalName: key, accountEnabled: true } };
}

const candidates: Candidate[] = [
  { rowId: "a", line: 2, identifier: "ann@contoso.example", overrides: {} },
  { rowId: "b", line: 3, identifier: "ghost@contoso.example", overrides: {} },
];
const review: Review = { source: { kind: "csv", fileName: "staff.csv" }, candidates, earlySkipped: [] };

function renderStep(client: GraphClient) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const onStart = vi.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <QueryClientProvider client={queryClient}>
        <GraphClientProvider value={client}>
          <ReviewStep review={review} onBack={() => {}} onStart={onStart} />
        </GraphClientProvider>
      </QueryClientProvider>
    </FluentProvider>,
  );
  return { onStart };
}

describe("the review step", () => {
  it("checks the users, shows the review and offers to issue only to those who can get a pass", async () => {
    renderStep({ request, batch: async (requests) => requests.map(answer) });
    expect(await screen.findByText("1 of 2 will get a pass")).toBeTruthy();
    expect(screen.getByRole("tab", { name: /Not found/ })).toBeTruthy();
    const issue = await screen.findByRole("button", { name: "Issue 1 pass" });
    expect(issue.hasAttribute("disabled")).toBe(false);
  });

  it("shows progress while checking, stops when cancelled and issues nothing", async () => {
    let release: (responses: BatchResponse[]) => void = () => {};
    let seenSignal: AbortSignal | undefined;
    const client: GraphClient = {
      request,
      batch: (_requests, options) => {
        seenSignal = options?.signal;
        return new Promise<BatchResponse[]>((resolve) => {
          release = resolve;
        });
      },
    };
    const { onStart } = renderStep(client);
    expect(await screen.findByText("Checked 0 of 2 users")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Cancel check" }));
    expect(await screen.findByText("Check cancelled")).toBeTruthy();
    expect(seenSignal?.aborted).toBe(true);
    expect(onStart).not.toHaveBeenCalled();
    release([]);
  });
});
