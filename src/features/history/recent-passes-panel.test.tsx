// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { GraphClientProvider } from "../../lib/graph/graph-client-context";
import { GraphError } from "../../lib/graph/graph-error";
import type { GraphClient, GraphRequestOptions } from "../../lib/graph/types";
import { RecentPassesDrawer } from "./recent-passes-panel";

afterEach(cleanup);

const TAP = "Admin registered temporary access pass method for user";

function audit(id: string, user: string, reason = TAP) {
  return {
    id,
    activityDisplayName: "Admin registered security info",
    activityDateTime: "2026-11-30T10:00:00Z",
    result: "success",
    resultReason: reason,
    initiatedBy: { user: { id: "i", displayName: "Nestor Wilke", userPrincipalName: "nestor.wilke@contoso.example" }, app: null },
    targetResources: [
      { id: `t-${id}`, displayName: user, type: "User", userPrincipalName: `${user.toLowerCase().replace(" ", ".")}@contoso.example` },
    ],
  };
}

function renderDrawer(request: (path: string, options?: GraphRequestOptions) => Promise<unknown>) {
  // Like the real client: the body goes through the caller's reader.
  const respond = async (path: string, options?: GraphRequestOptions & { read?: (body: unknown) => unknown }) => {
    const body = await request(path, options);
    return options?.read ? options.read(body) : body;
  };
  const client = { request: vi.fn(respond), batch: vi.fn() } as unknown as GraphClient & { request: ReturnType<typeof vi.fn> };
  render(
    <FluentProvider theme={webLightTheme}>
      <QueryClientProvider client={new QueryClient()}>
        <GraphClientProvider value={client}>
          <RecentPassesDrawer open onOpenChange={() => undefined} />
        </GraphClientProvider>
      </QueryClientProvider>
    </FluentProvider>,
  );
  return client;
}

describe("RecentPassesDrawer", () => {
  it("lists pass registrations, hides other methods, loads the next page and filters by user", async () => {
    const client = renderDrawer(async (path) =>
      path.startsWith("/auditLogs")
        ? {
            value: [audit("1", "Lee Gu"), audit("2", "Zoe Ng", "Admin registered phone method for user")],
            "@odata.nextLink": "https://graph.example/v1.0/auditLogs/directoryAudits?$skiptoken=2",
          }
        : { value: [audit("3", "Ada Obi")] },
    );
    expect(await screen.findByText("Lee Gu")).toBeTruthy();
    expect(screen.queryByText("Zoe Ng")).toBeNull();
    expect(screen.getByText(/1 registrations of other sign-in methods/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Load more" }));
    expect(await screen.findByText("Ada Obi")).toBeTruthy();
    expect(client.request.mock.calls[1]?.[0]).toBe("https://graph.example/v1.0/auditLogs/directoryAudits?$skiptoken=2");
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: "ada" } });
    expect(screen.queryByText("Lee Gu")).toBeNull();
    expect(screen.getByTestId("history-status").textContent).toBe("1 of 2 loaded passes match “ada”.");
  });

  it("sends the issuer filter to Graph", async () => {
    const client = renderDrawer(async () => ({ value: [] }));
    expect(await screen.findByTestId("history-empty")).toBeTruthy();
    fireEvent.change(screen.getByPlaceholderText("e.g. megan.bowen@"), { target: { value: "megan" } });
    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(await screen.findByText(/by issuers whose UPN starts with “megan”/)).toBeTruthy();
    expect(decodeURIComponent(String(client.request.mock.calls.at(-1)?.[0]))).toContain(
      "startswith(initiatedBy/user/userPrincipalName,'megan')",
    );
  });

  it("names the roles needed on a 403, beside Graph's code, message and request id", async () => {
    renderDrawer(async () => {
      throw new GraphError({
        status: 403,
        code: "Authorization_RequestDenied",
        message: "Insufficient privileges to complete the operation.",
        requestId: "req-42",
      });
    });
    const error = await screen.findByTestId("history-error");
    expect(error.textContent).toMatch(/Reports Reader, Security Reader, Global Reader/);
    expect(screen.getByTestId("history-graph-error").textContent).toMatch(
      /403 Authorization_RequestDenied.*Insufficient privileges.*request id req-42/,
    );
  });
});
