// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { GraphClientProvider } from "../../lib/graph/graph-client-context";
import type { ReceiptPassRow } from "./receipt-targets";
import { ReceiptRevokeView } from "./receipt-revoke-view";
import { mapTenant } from "./testing/map-tenant";

afterEach(cleanup);

const issued = (line: number, userId: string, methodId: string): ReceiptPassRow => ({
  line,
  userPrincipalName: `${userId}@contoso.example`,
  userId,
  outcome: "issued",
  methodId,
  validFrom: "2026-11-30T10:00:00Z",
  validUntil: "2026-11-30T11:00:00Z",
});

const rows: ReceiptPassRow[] = [
  issued(2, "ada", "m-ada"),
  issued(3, "bob", "m-bob"),
  { ...issued(4, "cy", "m-cy"), outcome: "failed", methodId: null },
  issued(5, "di", "m-di"),
];

function renderView(passes: Map<string, string>) {
  const graph = mapTenant(passes);
  render(
    <FluentProvider theme={webLightTheme}>
      <GraphClientProvider value={graph.client}>
        <ReceiptRevokeView rows={rows} />
      </GraphClientProvider>
    </FluentProvider>,
  );
  return graph;
}

const rowOf = (upn: string) => {
  const cell = screen.getByText(upn);
  const row = cell.closest("tr");
  if (!row) throw new Error(`no row for ${upn}`);
  return within(row);
};

describe("ReceiptRevokeView", () => {
  it("shows which passes are still current, removes all still-current ones after confirming, and keeps the replacing pass", async () => {
    const passes = new Map([
      ["ada", "m-ada"],
      ["bob", "newer-bob"],
      ["di", "m-di"],
    ]);
    const graph = renderView(passes);
    expect(await screen.findByText(/3 passes issued: 2 still current, 1 already replaced or removed/)).toBeTruthy();
    expect(rowOf("ada@contoso.example").getByText("Still current")).toBeTruthy();
    expect(rowOf("bob@contoso.example").getByText("Already replaced or removed")).toBeTruthy();
    // The failed row issued nothing: it is not listed.
    expect(screen.queryByText("cy@contoso.example")).toBeNull();
    // Checking wrote nothing.
    expect(graph.calls.filter((call) => call.method !== "GET")).toEqual([]);

    fireEvent.click(screen.getByRole("button", { name: /Remove all still current \(2\)/ }));
    const dialog = await screen.findByRole("dialog");
    fireEvent.click(within(dialog).getByRole("button", { name: "Remove 2 passes" }));

    await waitFor(() => expect(rowOf("di@contoso.example").getByText("Removed")).toBeTruthy());
    expect(rowOf("ada@contoso.example").getByText("Removed")).toBeTruthy();
    expect([...passes]).toEqual([["bob", "newer-bob"]]);
    expect(graph.calls.filter((call) => call.method === "DELETE").map((call) => call.url)).toEqual(
      expect.arrayContaining([
        "/users/ada/authentication/temporaryAccessPassMethods/m-ada",
        "/users/di/authentication/temporaryAccessPassMethods/m-di",
      ]),
    );
    expect(graph.calls.filter((call) => call.method === "DELETE")).toHaveLength(2);
  });

  it("removes only the selected passes", async () => {
    const passes = new Map([
      ["ada", "m-ada"],
      ["bob", "m-bob"],
      ["di", "m-di"],
    ]);
    renderView(passes);
    await screen.findByText(/3 still current/);
    fireEvent.click(screen.getByRole("checkbox", { name: /Select all/ }));
    expect(screen.getByRole("button", { name: "Remove selected (0)" }).getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(screen.getByRole("checkbox", { name: "Select bob@contoso.example to remove the pass" }));
    fireEvent.click(screen.getByRole("button", { name: "Remove selected (1)" }));
    fireEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Remove 1 pass" }));
    await waitFor(() => expect(rowOf("bob@contoso.example").getByText("Removed")).toBeTruthy());
    expect(passes.has("bob")).toBe(false);
    expect(passes.get("ada")).toBe("m-ada");
    expect(passes.get("di")).toBe("m-di");
    expect(rowOf("ada@contoso.example").getByText("Still current")).toBeTruthy();
  });
});
