// @vitest-environment jsdom
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import type { PassSettings } from "../../lib/tap/run-types";
import { DOCUMENTED_DEFAULT_POLICY, type EffectivePolicy } from "./pass-policy";
import { PassSettingsForm } from "./pass-settings-form";
import { initialPassSettings } from "./pass-settings-logic";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const tenant = (extra: Partial<EffectivePolicy> = {}): EffectivePolicy => ({ ...DOCUMENTED_DEFAULT_POLICY, source: "tenant", ...extra });


/** Holds the value like the app would, and exposes every change. */
function renderForm(policy: EffectivePolicy, start: Partial<PassSettings> = {}) {
  const changes: PassSettings[] = [];
  function Host() {
    const [value, setValue] = useState<PassSettings>({ ...initialPassSettings(policy), ...start });
    return (
      <PassSettingsForm
        policy={policy}
        value={value}
        onChange={(next) => {
          changes.push(next);
          setValue(next);
        }}
        now={() => NOW}
        offsetAt={() => 120}
        timeZone="Europe/Berlin"
      />
    );
  }
  render(
    <FluentProvider theme={webLightTheme}>
      <Host />
    </FluentProvider>,
  );
  return { last: () => changes.at(-1) };
}

describe("PassSettingsForm", () => {
  it("preselects the tenant default and offers only presets within the policy", () => {
    renderForm(tenant({ minimumLifetimeInMinutes: 60, maximumLifetimeInMinutes: 480 }));
    expect(screen.getByLabelText("1 hour (tenant default)")).toHaveProperty("checked", true);
    expect(screen.getByLabelText("8 hours")).toBeTruthy();
    expect(screen.queryByLabelText("1 day")).toBeNull();
    expect(screen.getByRole("status").textContent).toBe("Passes last 1 hour, can be used once, start now.");
  });

  it("changes the lifetime from a preset and from a custom amount, clamped to the policy", () => {
    const form = renderForm(tenant());
    fireEvent.click(screen.getByLabelText("8 hours"));
    expect(form.last()?.lifetimeInMinutes).toBe(480);
    fireEvent.click(screen.getByLabelText("Custom"));
    fireEvent.change(screen.getByLabelText("Unit"), { target: { value: "hours" } });
    fireEvent.change(screen.getByLabelText("Custom lifetime"), { target: { value: "12" } });
    expect(form.last()?.lifetimeInMinutes).toBe(480);
    expect(screen.getByText("Allowed: 1 hour to 8 hours. Passes will last 8 hours.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Custom lifetime"), { target: { value: "2" } });
    expect(form.last()?.lifetimeInMinutes).toBe(120);
  });

  it("lets the admin turn one-time use off when the policy allows it", () => {
    const form = renderForm(tenant());
    const toggle = screen.getByLabelText("One-time use");
    expect(toggle).toHaveProperty("checked", true);
    fireEvent.click(toggle);
    expect(form.last()?.isUsableOnce).toBe(false);
    expect(screen.getByRole("status").textContent).toContain("can be used any number of times");
  });

  it("keeps one-time use on and explains why when the policy forces it", () => {
    renderForm(tenant({ isUsableOnce: true }), { isUsableOnce: false });
    const toggle = screen.getByLabelText("One-time use");
    expect(toggle).toHaveProperty("checked", true);
    expect(toggle).toHaveProperty("disabled", true);
    expect(screen.getByText(/policy makes every pass one-time/)).toBeTruthy();
  });

  it("turns a later local start into UTC and shows both", () => {
    const form = renderForm(tenant());
    fireEvent.click(screen.getByLabelText("Later"));
    fireEvent.change(screen.getByLabelText(/Start date and time \(Europe\/Berlin\)/), { target: { value: "2026-06-02T09:00" } });
    expect(form.last()?.startDateTime).toBe("2026-06-02T07:00:00.000Z");
    expect(screen.getByText("That is 2026-06-02 07:00 UTC (Europe/Berlin, UTC+02:00).")).toBeTruthy();
    fireEvent.click(screen.getByLabelText("Now"));
    expect(form.last()?.startDateTime).toBeNull();
  });

  it("keeps Later without a date distinct from Now, with the reason on the field", () => {
    const form = renderForm(tenant());
    fireEvent.click(screen.getByLabelText("Later"));
    expect(form.last()?.startDateTime).toBe("");
    expect(screen.getByText("Pick the date and time passes start, or choose Now.")).toBeTruthy();
    expect(screen.getByRole("status").textContent).not.toContain("start now");
    // A half-typed date in the browser's input arrives as "": still blocked.
    fireEvent.change(screen.getByLabelText(/Start date and time/), { target: { value: "2026-06-02T09:00" } });
    fireEvent.change(screen.getByLabelText(/Start date and time/), { target: { value: "" } });
    expect(form.last()?.startDateTime).toBe("");
    fireEvent.click(screen.getByLabelText("Now"));
    expect(form.last()?.startDateTime).toBeNull();
  });

  it("warns that a start in the past means the passes start now", () => {
    renderForm(tenant());
    fireEvent.click(screen.getByLabelText("Later"));
    fireEvent.change(screen.getByLabelText(/Start date and time \(Europe\/Berlin\)/), { target: { value: "2026-06-01T09:00" } });
    expect(screen.getByText("That start time has passed; passes will start as soon as they're created.")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toContain("start now");
  });

  it("says when the policy couldn't be read and Microsoft's defaults apply", () => {
    renderForm({ ...DOCUMENTED_DEFAULT_POLICY, fallbackReason: "forbidden" });
    expect(screen.getByText(/Your role can't read the tenant's TAP policy; using Microsoft's defaults/)).toBeTruthy();
    expect(screen.getByLabelText("Your tenant's default (1 hour unless changed)")).toHaveProperty("checked", true);
  });

  it("says no pass can be issued while the policy is disabled", () => {
    renderForm(tenant({ enabled: false }));
    expect(screen.getByText("No pass can be issued")).toBeTruthy();
  });
});
