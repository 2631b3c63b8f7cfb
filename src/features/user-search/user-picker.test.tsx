// @vitest-environment jsdom
import { useState } from "react";
import { QueryClient, QueryClientProvider, skipToken, useQuery } from "@tanstack/react-query";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { GraphClientProvider } from "../../lib/graph/graph-client-context";
import { GraphError } from "../../lib/graph/graph-error";
import type { DirectoryUser, GraphClient } from "../../lib/graph/types";
import { createFakeGraphClient, type FakeRoute } from "./testing/fake-graph-client";
import { userSearchKeys } from "./user-search-queries";
import { UserPicker } from "./user-picker";

const adele: DirectoryUser = {
  id: "u-adele",
  displayName: "Adele Vance",
  userPrincipalName: "AdeleV@contoso.com",
  jobTitle: "Retail Manager",
  department: "Retail",
  accountEnabled: true,
  userType: "Member",
};
const adam: DirectoryUser = {
  id: "u-adam",
  displayName: "<b>Adam</b> Guest",
  userPrincipalName: "adam_fabrikam.com#EXT#@contoso.com",
  accountEnabled: false,
  userType: "Guest",
  externalUserState: "Accepted",
};

let lastSelection: DirectoryUser[] = [];
// Results arrive after the 250 ms debounce; leave room for a slow, busy machine.
const SETTLED = { timeout: 4000 };

function Harness({ initial }: { initial: DirectoryUser[] }) {
  const [selected, setSelected] = useState(initial);
  return (
    <UserPicker
      selected={selected}
      onChange={(users) => {
        lastSelection = users;
        setSelected(users);
      }}
    />
  );
}

/**
 * Watches the directory answer for `term` in the same cache as the picker. React Query notifies all
 * observers of a query in one batch, so once this shows "in", the picker has rendered that answer too.
 */
function DirectoryProbe({ term }: { term: string }) {
  const directory = useQuery({ queryKey: userSearchKeys.directory(term), queryFn: skipToken });
  return directory.data ? <p>directory answer in</p> : null;
}

function renderPicker(routes: Record<string, FakeRoute>, initial: DirectoryUser[] = [], probeTerm?: string) {
  const client: GraphClient = createFakeGraphClient(routes);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <FluentProvider theme={webLightTheme}>
      <QueryClientProvider client={queryClient}>
        <GraphClientProvider value={client}>
          <Harness initial={initial} />
          {probeTerm !== undefined && <DirectoryProbe term={probeTerm} />}
        </GraphClientProvider>
      </QueryClientProvider>
    </FluentProvider>,
  );
  const input = screen.getByRole("combobox", { name: "Find people" });
  input.focus();
  return input;
}

function type(input: HTMLElement, text: string) {
  fireEvent.keyDown(input, { key: text.slice(-1) });
  fireEvent.change(input, { target: { value: text } });
}

afterEach(() => {
  cleanup();
  lastSelection = [];
});

describe("UserPicker", () => {
  it("finds people as you type, adds the highlighted one on Enter, and removes chips again", async () => {
    const input = renderPicker({
      // The name search finds Adele; Adam, someone the admin works with, is found through people.
      "/users": (request) => ({ value: request.params.$search ? [adele] : [adam] }),
      "/me/people": () => ({
        value: [
          {
            id: "p1",
            displayName: "Adam",
            userPrincipalName: adam.userPrincipalName,
            personType: { class: "Person", subclass: "OrganizationUser" },
          },
        ],
      }),
    });

    type(input, "a");
    expect(await screen.findByText("Type at least 2 characters", {}, SETTLED)).toBeTruthy();

    type(input, "ad");
    const options = await screen.findAllByRole("option", {}, SETTLED);
    expect(options.map((option) => option.textContent)).toEqual([
      expect.stringContaining("<b>Adam</b> Guest"),
      expect.stringContaining("Adele Vance"),
    ]);
    expect(within(options[0]!).getByText("Guest (external)")).toBeTruthy();
    expect(within(options[0]!).getByText("Disabled")).toBeTruthy();
    expect(within(options[1]!).getByText("AdeleV@contoso.com")).toBeTruthy();
    expect(within(options[1]!).getByText("Retail Manager · Retail")).toBeTruthy();
    // Markup in a display name stays text.
    expect(document.querySelector("b")).toBeNull();

    // The first match is highlighted; one step down is Adele.
    expect(input.getAttribute("aria-activedescendant")).toBe(options[0]!.id);
    expect(options[0]!.getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(input.getAttribute("aria-activedescendant")).toBe(options[1]!.id);
    fireEvent.keyDown(input, { key: "Enter" });

    expect(lastSelection.map((user) => user.id)).toEqual(["u-adele"]);
    const chips = screen.getByRole("list", { name: "Selected people" });
    expect(within(chips).getByRole("listitem").textContent).toContain("Adele Vance");
    expect(within(chips).getByRole("button", { name: "Remove Adele Vance" })).toBeTruthy();
    expect((input as HTMLInputElement).value).toBe("");
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(input.getAttribute("aria-expanded")).toBe("false");

    fireEvent.keyDown(input, { key: "Backspace" });
    expect(lastSelection).toEqual([]);
    expect(screen.queryByRole("button", { name: "Remove Adele Vance" })).toBeNull();
    expect(document.activeElement).toBe(input);
  });

  it("shows matches only once the people ordering is in, so the list never reshuffles under the cursor", async () => {
    let releasePeople: () => void = () => {};
    const peopleArrived = new Promise<void>((resolve) => {
      releasePeople = resolve;
    });
    let directoryServed: () => void = () => {};
    const directoryAnswered = new Promise<void>((resolve) => {
      directoryServed = resolve;
    });
    const input = renderPicker(
      {
        "/users": (request) => {
          if (!request.params.$search) return { value: [adam] };
          directoryServed();
          return { value: [adele, adam] };
        },
        "/me/people": async () => {
          await peopleArrived;
          return {
            value: [
              {
                id: "p1",
                displayName: "Adam",
                userPrincipalName: adam.userPrincipalName,
                personType: { class: "Person", subclass: "OrganizationUser" },
              },
            ],
          };
        },
      },
      [],
      "ad",
    );

    type(input, "ad");
    expect(await screen.findByText("Searching the directory…", {}, SETTLED)).toBeTruthy();
    // The directory has answered and the picker has rendered that answer: still no list without the people ordering.
    await directoryAnswered;
    expect(await screen.findByText("directory answer in", {}, SETTLED)).toBeTruthy();
    expect(screen.queryAllByRole("option")).toHaveLength(0);

    releasePeople();
    const options = await screen.findAllByRole("option", {}, SETTLED);
    expect(options.map((option) => option.textContent)).toEqual([
      expect.stringContaining("<b>Adam</b> Guest"),
      expect.stringContaining("Adele Vance"),
    ]);
  });

  it("ignores Enter typed before the matches for the text have arrived", async () => {
    const input = renderPicker({
      "/users": () => ({ value: [adele] }),
      "/me/people": () => ({ value: [] }),
    });
    type(input, "ad");
    fireEvent.keyDown(input, { key: "Enter" });
    expect(lastSelection).toEqual([]);

    await screen.findByRole("option", { name: /Adele Vance/ }, SETTLED);
    fireEvent.keyDown(input, { key: "Enter" });
    expect(lastSelection.map((user) => user.id)).toEqual(["u-adele"]);
  });

  it("removes a chip through its dismiss button or Delete on it, and gives focus back to the text box", () => {
    const input = renderPicker({ "/users": () => ({ value: [] }) }, [adele, adam]);

    fireEvent.click(screen.getByRole("button", { name: "Remove Adele Vance" }));
    expect(lastSelection.map((user) => user.id)).toEqual(["u-adam"]);
    expect(document.activeElement).toBe(input);

    const removeAdam = screen.getByRole("button", { name: "Remove <b>Adam</b> Guest" });
    removeAdam.focus();
    fireEvent.keyDown(removeAdam, { key: "Delete" });
    expect(lastSelection).toEqual([]);
    expect(document.activeElement).toBe(input);
  });

  it("tells two picked people with the same name apart by UPN", () => {
    const namesake: DirectoryUser = { ...adele, id: "u-adele-2", userPrincipalName: "adele.vance@contoso.com" };
    renderPicker({ "/users": () => ({ value: [] }) }, [adele, namesake]);

    expect(screen.getByRole("button", { name: "Remove Adele Vance (AdeleV@contoso.com)" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Remove Adele Vance (adele.vance@contoso.com)" })).toBeTruthy();
  });

  it("closes the list with Escape, clears the text with a second Escape, and adds a match by click", async () => {
    const input = renderPicker({ "/users": () => ({ value: [adele] }), "/me/people": () => ({ value: [] }) });
    type(input, "ad");
    await screen.findByRole("listbox", { name: "Matching people" }, SETTLED);

    fireEvent.keyDown(input, { key: "Escape" });
    expect(screen.queryByRole("listbox")).toBeNull();
    fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(screen.getByRole("listbox", { name: "Matching people" })).toBeTruthy();
    fireEvent.keyDown(input, { key: "Escape" });
    fireEvent.keyDown(input, { key: "Escape" });
    expect((input as HTMLInputElement).value).toBe("");

    type(input, "ad");
    // Pressing in the list (e.g. on its scrollbar) leaves focus in the text box, so the list stays open.
    expect(fireEvent.mouseDown(await screen.findByRole("listbox", { name: "Matching people" }, SETTLED))).toBe(false);
    fireEvent.click(await screen.findByRole("option", { name: /Adele Vance/ }, SETTLED));
    expect(lastSelection.map((user) => user.id)).toEqual(["u-adele"]);
  });

  it("says plainly when no one matches", async () => {
    const input = renderPicker({ "/users": () => ({ value: [] }), "/me/people": () => ({ value: [] }) });

    type(input, "xyz");

    expect(await screen.findByText("No one in the directory matches 'xyz'", {}, SETTLED)).toBeTruthy();
  });

  it("shows why the directory could not be searched, and still searches when people are off limits", async () => {
    const input = renderPicker({
      "/users": () => {
        throw new GraphError({ status: 400, code: "Request_UnsupportedQuery", message: "Unsupported query.", requestId: "req-1" });
      },
      "/me/people": () => {
        throw new GraphError({ status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges." });
      },
    });

    type(input, "ad");

    expect(
      await screen.findByText(/The directory could not be searched\. Unsupported query\. \(request id req-1\)/, {}, SETTLED),
    ).toBeTruthy();
    expect(screen.queryByText(/Insufficient privileges/)).toBeNull();
  });

  it("says Graph is busy while a throttled search is retried, then shows the results", async () => {
    let resolveRetry: (value: unknown) => void = () => {};
    let calls = 0;
    const input = renderPicker({
      "/users": () => {
        calls += 1;
        if (calls === 1)
          throw new GraphError({ status: 429, code: "TooManyRequests", message: "Please retry again later.", retryAfter: 0 });
        return new Promise((resolve) => (resolveRetry = resolve));
      },
      "/me/people": () => ({ value: [] }),
    });

    type(input, "ad");

    expect(await screen.findByText("Microsoft Graph is busy; retrying…", {}, SETTLED)).toBeTruthy();
    resolveRetry({ value: [adele] });
    await waitFor(
      () => expect(screen.getAllByRole("option").some((option) => option.textContent?.includes("Adele Vance"))).toBe(true),
      SETTLED,
    );
    expect(screen.queryByText("Microsoft Graph is busy; retrying…")).toBeNull();
  });
});
