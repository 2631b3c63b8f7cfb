// @vitest-environment jsdom
import { useState } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GraphClientProvider } from "../../lib/graph/graph-client-context";
import type { BatchRequest, DirectoryUser, GraphClient } from "../../lib/graph/types";
import { createFakeGraphClient } from "./testing/fake-graph-client";
import { UserPicker } from "./user-picker";

const member = (id: string, displayName: string, upn: string): DirectoryUser => ({
  id,
  displayName,
  userPrincipalName: upn,
  accountEnabled: true,
  userType: "Member",
});
const kimA = member("u-kim-a", "Kim Berg", "kim.berg@contoso.com");
const kimB = member("u-kim-b", "Kim Berg", "kim.berg2@contoso.com");
const ola = member("u-ola", "Ola Nordmann", "ola@contoso.com");
const SETTLED = { timeout: 4000 };

function renderPicker(initial: DirectoryUser[], answerBatch: (requests: BatchRequest[]) => Promise<unknown>, onContinue = vi.fn()) {
  const fake = createFakeGraphClient({ "/users": () => ({ value: [kimA, kimB] }), "/me/people": () => ({ value: [] }) });
  const batches: BatchRequest[][] = [];
  const client: GraphClient = {
    request: fake.request.bind(fake),
    batch: async (requests) => {
      batches.push(requests);
      return (await answerBatch(requests)) as Awaited<ReturnType<GraphClient["batch"]>>;
    },
  };
  function Harness() {
    const [selected, setSelected] = useState(initial);
    return <UserPicker selected={selected} onChange={setSelected} onContinue={onContinue} />;
  }
  render(
    <FluentProvider theme={webLightTheme}>
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <GraphClientProvider value={client}>
          <Harness />
        </GraphClientProvider>
      </QueryClientProvider>
    </FluentProvider>,
  );
  return { input: screen.getByRole("combobox", { name: "Find people" }), batches, onContinue };
}

const workingPass = {
  id: "m1",
  temporaryAccessPass: null,
  createdDateTime: "2026-06-01T10:00:00Z",
  startDateTime: "2026-06-01T10:00:00Z",
  lifetimeInMinutes: 60,
  isUsableOnce: false,
  isUsable: true,
  methodUsabilityReason: "EnabledByPolicy",
};

afterEach(cleanup);

describe("UserPicker marks", () => {
  it("badges a picked person who holds a pass, read in one $batch of GETs for the picked people only", async () => {
    const { batches } = renderPicker([ola, kimA], (requests) =>
      Promise.resolve(
        requests.map((request) => ({
          id: request.id,
          status: 200,
          headers: {},
          body: { value: request.url.includes("u-ola") ? [workingPass] : [] },
        })),
      ),
    );
    const chips = screen.getByRole("list", { name: "Selected people" });
    expect(await within(chips).findByText("Holds a pass", {}, SETTLED)).toBeTruthy();
    expect(within(chips).getAllByText("Holds a pass")).toHaveLength(1);
    expect(within(chips).getAllByRole("listitem")[0]!.textContent).toContain("Holds a pass");
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((request) => [request.method, request.url])).toEqual([
      ["GET", "/users/u-ola/authentication/temporaryAccessPassMethods"],
      ["GET", "/users/u-kim-a/authentication/temporaryAccessPassMethods"],
    ]);
  });

  it("shows the UPN on the chip of someone picked while a namesake was among the matches; Enter in the empty box continues", async () => {
    const { input, onContinue } = renderPicker([], () => Promise.reject(new Error("batch refused")));
    fireEvent.change(input, { target: { value: "kim" } });
    await screen.findAllByRole("option", {}, SETTLED);
    fireEvent.keyDown(input, { key: "ArrowDown" });
    fireEvent.keyDown(input, { key: "Enter" });
    const chip = within(screen.getByRole("list", { name: "Selected people" })).getByRole("listitem");
    expect(chip.textContent).toContain("kim.berg2@contoso.com");
    // The failed read leaves no badge and no message.
    expect(chip.textContent).not.toContain("Holds a pass");
    expect(onContinue).not.toHaveBeenCalled();
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onContinue).toHaveBeenCalledOnce();
  });
});
