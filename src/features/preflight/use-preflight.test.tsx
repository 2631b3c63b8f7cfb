// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { GraphClientProvider } from "../../lib/graph/graph-client-context";
import type { BatchRequest, BatchResponse, GraphClient } from "../../lib/graph/types";
import type { Candidate } from "../../lib/tap/run-types";
import { PreflightPanel } from "./preflight-review";


function answer(request: BatchRequest): BatchResponse {
  const key = decodeURIComponent(/^\/users\/([^/?]+)/.exec(request.url)?.[1] ?? "");
  if (request.url.includes("temporaryAccessPass")) return { id: request.id, status: 200, headers: {}, body: { value: [] } };
  if (key.startsWith("ghost")) {
    return { id: request.id, status: 404, headers: {}, body: { error: { code: "Request_ResourceNotFound", message: "gone" } } };
  }
  const id = key.split("@")[0]!;
  return { id: request.id, status: 200, headers: {}, body: { id, displayName: id, userPrincipalName: key, accountEnabled: true } };
}

function renderPanel(client: GraphClient, candidates: Candidate[]) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <FluentProvider theme={webLightTheme}>
      <QueryClientProvider client={queryClient}>
        <GraphClientProvider value={client}>
          <PreflightPanel candidates={candidates} capability="all" meId="me" replaceUsablePasses={false} onReplaceUsablePassesChange={() => {}} />
        </GraphClientProvider>
      </QueryClientProvider>
    </FluentProvider>,
  );
}

const candidates: Candidate[] = [
  { rowId: "a", line: 2, identifier: "ann@contoso.example", overrides: {} },
  { rowId: "b", line: 3, identifier: "ghost@contoso.example", overrides: {} },
];

describe("PreflightPanel", () => {
  it("checks the users and then shows the review", async () => {
    const client: GraphClient = { request: async () => { throw new Error("unused"); }, batch: async (requests) => requests.map(answer) };
    renderPanel(client, candidates);
    expect(await screen.findByText("1 of 2 will get a pass")).toBeTruthy();
    expect(screen.getByRole("tab", { name: /Not found/ })).toBeTruthy();
  });

  it("shows progress while checking and stops when cancelled", async () => {
    let release: (responses: BatchResponse[]) => void = () => {};
    let seenSignal: AbortSignal | undefined;
    const client: GraphClient = {
      request: async () => { throw new Error("unused"); },
      batch: (_requests, options) => {
        seenSignal = options?.signal;
        return new Promise<BatchResponse[]>((resolve) => { release = resolve; });
      },
    };
    renderPanel(client, candidates);
    expect(await screen.findByText("Checked 0 of 2 users")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Cancel check" }));
    expect(await screen.findByText("Check cancelled")).toBeTruthy();
    expect(seenSignal?.aborted).toBe(true);
    release([]);
  });
});
