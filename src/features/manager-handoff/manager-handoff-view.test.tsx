// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { GraphClientProvider } from "../../lib/graph/graph-client-context";
import { GraphError } from "../../lib/graph/graph-error";
import type { GraphClient, GraphRequestOptions, ManagerRef } from "../../lib/graph/types";
import { PassVault } from "../../lib/tap/pass-vault";
import type { ResultRow } from "../../lib/tap/run-types";
import { DISABLED_ACCOUNT_NOTE } from "../../domain/disabled-account";
import { samplePass } from "../../test/sample-pass";
import { ManagerHandoffView } from "./manager-handoff-view";

const ann: ManagerRef = { id: "m-ann", displayName: "Ann Lee", userPrincipalName: "ann@contoso.example", mail: "ann@contoso.example" };
const bob: ManagerRef = { id: "m-bob", displayName: "Bob Stone", userPrincipalName: "bob@contoso.example", mail: null };
const cid: ManagerRef = { id: "m-cid", displayName: "Cid Moss", userPrincipalName: "cid@contoso.example", mail: "cid@contoso.example" };

const row = (n: number, manager: ResultRow["manager"]): ResultRow => ({
  rowId: `r${n}`,
  line: n + 1,
  identifier: `user${n}@contoso.example`,
  displayName: `User ${n}`,
  userPrincipalName: `user${n}@contoso.example`,
  outcome: { kind: "issued" },
  manager,
});

function setUp(rows: ResultRow[] = [row(0, ann), row(1, ann), row(2, bob), row(3, null), row(4, cid)]) {
  const vault = new PassVault();
  for (const each of rows) vault.put(samplePass({ rowId: each.rowId, userPrincipalName: each.identifier, value: `Val${each.rowId}#` }));
  const sent: GraphRequestOptions[] = [];
  const client: GraphClient = {
    async request(path, options) {
      sent.push(options);
      const body = options.body as { message: { toRecipients: { emailAddress: { address: string } }[] } };
      if (path === "/me/sendMail" && body.message.toRecipients[0]?.emailAddress.address === "cid@contoso.example") {
        throw new GraphError({
          status: 403,
          code: "Authorization_RequestDenied",
          message: "Insufficient privileges to complete the operation.",
          requestId: "rid-1",
        });
      }
      return options.read(undefined);
    },
    async batch() {
      throw new Error("not used");
    },
  };
  const printRows = vi.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <GraphClientProvider value={client}>
        <ManagerHandoffView
          rows={rows}
          vault={vault}
          ticket={null}
          printRows={printRows}
          workbookOf={async () => new Uint8Array()}
          email={{ sender: { displayName: "Megan", userPrincipalName: "megan@contoso.example" } }}
        />
      </GraphClientProvider>
    </FluentProvider>,
  );
  return { vault, sent, printRows };
}

describe("ManagerHandoffView", () => {
  afterEach(cleanup);

  it("previews with values hidden, sends only to managers with a mailbox, and saves only the e-mailed people", async () => {
    const { vault, sent, printRows } = setUp();
    const list = screen.getByRole("list", { name: "Managers" });
    expect(
      within(list)
        .getAllByRole("heading")
        .map((h) => h.textContent),
    ).toEqual(["Ann Lee", "Bob Stone", "Cid Moss"]);
    expect(screen.getByRole("region", { name: /Without a manager/ }).textContent).toContain("user3@contoso.example");

    fireEvent.click(screen.getByRole("button", { name: "Print pack (2) for Ann Lee" }));
    expect(printRows).toHaveBeenCalledWith(
      [expect.objectContaining({ rowId: "r0" }), expect.objectContaining({ rowId: "r1" })],
      "Passes for Ann Lee's people",
    );

    fireEvent.click(screen.getByRole("button", { name: "E-mail each manager…" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).not.toContain("Valr0#");
    expect(within(dialog).getAllByRole("article")).toHaveLength(2);
    expect(dialog.textContent).toContain("Bob Stone: no mailbox in Entra");
    expect(dialog.textContent).toContain("1 person without a known manager: hand their pass over yourself");
    fireEvent.click(within(dialog).getByRole("switch", { name: "Show pass values in the preview" }));
    expect(dialog.textContent).toContain("Valr0#");

    await act(async () => {
      fireEvent.click(within(dialog).getByRole("button", { name: "Send 2 e-mails" }));
    });
    await waitFor(() => expect(screen.getByText("E-mail sent.")).toBeTruthy());
    await waitFor(() =>
      expect(screen.getByRole("group", { name: "Why the e-mail failed" }).textContent).toContain("403 Authorization_RequestDenied"),
    );
    expect(screen.getByRole("group", { name: "Why the e-mail failed" }).textContent).toContain("request id rid-1");
    expect(sent.map((options) => options.extraPermissions)).toEqual([["Mail.Send"], ["Mail.Send"]]);
    // Ann's people were e-mailed; Bob's (no mailbox), Cid's (refused) and the person without a manager are not saved.
    vault.remove("r2");
    vault.remove("r3");
    expect(vault.hasUnsavedValues).toBe(true);
    vault.remove("r4");
    expect(vault.hasUnsavedValues).toBe(false);
  });

  it("keeps a pre-staged (disabled) account's mark under its manager and among the people without one", () => {
    setUp([row(0, ann), { ...row(1, ann), accountDisabled: true }, { ...row(3, null), accountDisabled: true }]);
    const annItem = within(screen.getByRole("list", { name: "Managers" })).getAllByRole("listitem")[0];
    if (!annItem) throw new Error("no manager card");
    const annRows = within(annItem).getAllByRole("row").slice(1);
    expect(annRows.map((each) => each.textContent?.includes(DISABLED_ACCOUNT_NOTE))).toEqual([false, true]);
    expect(screen.getByRole("region", { name: /Without a manager/ }).textContent).toContain(DISABLED_ACCOUNT_NOTE);
  });
});
