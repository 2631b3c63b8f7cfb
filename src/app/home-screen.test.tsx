// @vitest-environment jsdom
import { useEffect } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { GraphClientProvider } from "../lib/graph/graph-client-context";
import type { GraphClient } from "../lib/graph/types";
import { sessionKeys } from "../features/session/session-queries";
import { HomeScreen } from "./home-screen";

const mounts = { count: 0, unmounts: 0 };

vi.mock("./issue-flow", () => ({
  IssueFlow: function IssueFlow({ onPastPick }: { onPastPick?: () => void }) {
    useEffect(() => {
      mounts.count += 1;
      return () => {
        mounts.unmounts += 1;
      };
    }, []);
    return (
      <>
        <p>the flow</p>
        <button onClick={onPastPick}>Continue past the pick step</button>
      </>
    );
  },
}));

// No wids in the token: the admin's roles rest on Graph alone.
vi.mock("../lib/auth/claims", () => ({ useSignedInRoleClaim: () => null }));

afterEach(cleanup);

function deferredClient() {
  let answer: (value: unknown) => void = () => undefined;
  const client: GraphClient = {
    request: <T,>() => new Promise<T>((resolve) => (answer = resolve as (value: unknown) => void)),
    batch: () => Promise.resolve([]),
  };
  return { client, answer: (value: unknown) => answer(value) };
}

function renderHome(client: GraphClient) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <FluentProvider theme={webLightTheme}>
      <QueryClientProvider client={queryClient}>
        <GraphClientProvider value={client}>
          <HomeScreen />
        </GraphClientProvider>
      </QueryClientProvider>
    </FluentProvider>,
  );
  return queryClient;
}

describe("HomeScreen", () => {
  it("shows the flow while roles are still being read, and when they are unreadable", async () => {
    mounts.count = 0;
    mounts.unmounts = 0;
    const graph = deferredClient();
    renderHome(graph.client);
    expect(await screen.findByText("the flow")).toBeTruthy();
    await act(async () => {
      graph.answer({ value: [{ "@odata.type": "#microsoft.graph.directoryRole", id: "r1", displayName: null, roleTemplateId: null }] });
      await Promise.resolve();
    });
    expect(await screen.findByText("TAP Desk could not read your roles; Entra will decide for each user")).toBeTruthy();
    expect(screen.getByText("the flow")).toBeTruthy();
    expect(mounts).toEqual({ count: 1, unmounts: 0 });
  });

  it("never re-mounts the flow when the role hint changes underneath it", async () => {
    mounts.count = 0;
    mounts.unmounts = 0;
    const graph = deferredClient();
    const queryClient = renderHome(graph.client);
    await screen.findByText("the flow");
    const key = sessionKeys.capability(null);
    await act(async () => {
      queryClient.setQueryData(key, {
        capability: "all",
        roleNames: ["Global Administrator"],
        unnamedRoles: 0,
        fromToken: false,
        readError: null,
      });
      await Promise.resolve();
    });
    expect(await screen.findByText("Global Administrator: all users except yourself")).toBeTruthy();
    await act(async () => {
      queryClient.setQueryData(key, {
        capability: "unknown",
        roleNames: [],
        unnamedRoles: 0,
        fromToken: false,
        readError: new Error("boom"),
      });
      await Promise.resolve();
    });
    expect(await screen.findByText("TAP Desk could not read your roles; Entra will decide for each user")).toBeTruthy();
    expect(screen.getByText("the flow")).toBeTruthy();
    expect(mounts).toEqual({ count: 1, unmounts: 0 });
  });

  it("shrinks the role banner to one line once the admin is past the pick step, and opens it again on demand", async () => {
    mounts.count = 0;
    mounts.unmounts = 0;
    const graph = deferredClient();
    const queryClient = renderHome(graph.client);
    await screen.findByText("the flow");
    await act(async () => {
      queryClient.setQueryData(sessionKeys.capability(null), {
        capability: "all",
        roleNames: ["Global Administrator"],
        unnamedRoles: 0,
        fromToken: false,
        readError: null,
      });
      await Promise.resolve();
    });
    const banner = await screen.findByTestId("capability");
    const detail = banner.textContent ?? "";
    expect(screen.queryByRole("button", { name: /Show details/ })).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Continue past the pick step" }));
    const show = screen.getByRole("button", { name: "Show details: Global Administrator: all users except yourself" });
    expect(show.getAttribute("aria-expanded")).toBe("false");
    expect(screen.getByTestId("capability").textContent).toBe("Global Administrator: all users except yourselfDetails");

    fireEvent.click(show);
    expect(screen.getByTestId("capability").textContent).toContain(detail);
    expect(screen.getByRole("button", { name: /Hide details/ }).getAttribute("aria-expanded")).toBe("true");
    expect(mounts.unmounts).toBe(0);
  });

  it("refuses a file that is not a receipt with the reader's reason, before any Graph call about passes", async () => {
    const graph = deferredClient();
    let batches = 0;
    const client: GraphClient = {
      ...graph.client,
      batch: () => {
        batches += 1;
        return Promise.resolve([]);
      },
    };
    renderHome(client);
    const input = screen.getByLabelText("Receipt file");
    const file = new File(["User Name\nada@contoso.example\n"], "users.csv", { type: "text/csv" });
    fireEvent.change(input, { target: { files: [file] } });
    expect(await screen.findByText("Couldn't open users.csv")).toBeTruthy();
    expect(screen.getByText(/is not a TAP Desk receipt/)).toBeTruthy();
    expect(screen.queryByRole("region", { name: "Passes in a receipt" })).toBeNull();
    expect(batches).toBe(0);
  });
});
