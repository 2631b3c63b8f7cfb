// @vitest-environment jsdom
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import type { PassSettings } from "../../lib/tap/run-types";
import { DOCUMENTED_DEFAULT_POLICY, UNKNOWN_POLICY, withLearned, type EffectivePolicy } from "./pass-policy";
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
        firstDayZone="Europe/Berlin"
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
    expect(screen.getByRole("status").textContent).toBe(
      "Passes last 1 hour, can be used any number of times until they expire (tenant default), start now.",
    );
  });

  it("changes the lifetime from a preset and from a custom amount, never clamped: out of range is an error", () => {
    const form = renderForm(tenant());
    fireEvent.click(screen.getByLabelText("8 hours"));
    expect(form.last()?.lifetimeInMinutes).toBe(480);
    fireEvent.click(screen.getByLabelText("Custom"));
    fireEvent.change(screen.getByLabelText("Unit"), { target: { value: "hours" } });
    fireEvent.change(screen.getByLabelText("Custom lifetime"), { target: { value: "12" } });
    expect(form.last()?.lifetimeInMinutes).toBe(720);
    expect(screen.getByText("Passes can't last 12 hours: your tenant allows 1 hour to 8 hours.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Custom lifetime"), { target: { value: "2" } });
    expect(form.last()?.lifetimeInMinutes).toBe(120);
  });

  it("follows the tenant's one-time default and lets the admin choose one-time when the policy allows both", () => {
    const form = renderForm(tenant());
    const multi = screen.getByLabelText("Any number of sign-ins until it expires (tenant default)");
    expect(multi).toHaveProperty("checked", true);
    fireEvent.click(screen.getByLabelText("One sign-in only (one-time)"));
    expect(form.last()?.isUsableOnce).toBe(true);
    expect(screen.getByRole("status").textContent).toContain("can be used once");
    fireEvent.click(multi);
    expect(form.last()?.isUsableOnce).toBeNull();
  });

  it("shows one-time as forced, and multi-use unavailable, when the policy forces it", () => {
    renderForm(tenant({ isUsableOnce: true }), { isUsableOnce: false });
    expect(screen.getByLabelText("One sign-in only (one-time) (tenant default, required by your tenant)")).toHaveProperty("checked", true);
    expect(screen.getByLabelText("Any number of sign-ins until it expires")).toHaveProperty("disabled", true);
    expect(screen.getByText(/policy makes every pass one-time/)).toBeTruthy();
  });

  it("with the policy unknown, leaves one-time use to the tenant by default and offers both", () => {
    const form = renderForm({ ...UNKNOWN_POLICY, fallbackReason: "forbidden" });
    // Both the lifetime and the one-time group start on the tenant default.
    const defaults = screen.getAllByRole("radio", { name: "Tenant default (unknown to TAP Desk; Entra applies it)" });
    expect(defaults.map((radio) => (radio as HTMLInputElement).checked)).toEqual([true, true]);
    fireEvent.click(screen.getByLabelText("Any number of sign-ins until it expires"));
    expect(form.last()?.isUsableOnce).toBe(false);
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

  it("says when the policy couldn't be read that the tenant's limits are unknown, and sends a 1-day lifetime as chosen", () => {
    const form = renderForm({ ...UNKNOWN_POLICY, fallbackReason: "forbidden" });
    expect(screen.getByText("Your role can't read the tenant's TAP policy")).toBeTruthy();
    expect(screen.getByText(/limits .* are unknown to TAP Desk/)).toBeTruthy();
    expect(screen.getByText(/within what Entra accepts \(10 minutes to 30 days\)/)).toBeTruthy();
    fireEvent.click(screen.getByLabelText("1 day"));
    expect(form.last()?.lifetimeInMinutes).toBe(1440);
    expect(screen.getByRole("status").textContent).toContain("Passes last 1 day");
  });

  it("shows the range Entra stated in an earlier refusal, offers only presets inside it, and blocks a custom value outside it", () => {
    renderForm(
      withLearned({ ...UNKNOWN_POLICY, fallbackReason: "forbidden" }, { lifetimeRange: { min: 60, max: 480 }, forcesOneTime: false }),
    );
    expect(screen.getByText(/Entra said this tenant allows passes of 1 hour to 8 hours/)).toBeTruthy();
    expect(screen.queryByLabelText("1 day")).toBeNull();
    fireEvent.click(screen.getByLabelText("Custom"));
    fireEvent.change(screen.getByLabelText("Unit"), { target: { value: "hours" } });
    fireEvent.change(screen.getByLabelText("Custom lifetime"), { target: { value: "12" } });
    expect(screen.getByText("Passes can't last 12 hours: Entra said your tenant allows 1 hour to 8 hours.")).toBeTruthy();
  });

  it("says no pass can be issued while the policy is disabled", () => {
    renderForm(tenant({ enabled: false }));
    expect(screen.getByText("No pass can be issued")).toBeTruthy();
  });
});

describe("PassSettingsForm, on each person's start date", () => {
  it("starts at 07:30 in the browser's zone, sends no run-level start, and lets the admin change time, zone and passed dates", () => {
    const { last } = renderForm(tenant());
    fireEvent.click(screen.getByLabelText("On each person's start date"));
    expect(last()).toMatchObject({
      startDateTime: null,
      firstDay: { time: "07:30", timeZone: "Europe/Berlin", pastStartsNow: false },
    });
    expect(screen.getByRole("status").textContent).toContain(
      "start on each person's start date at 07:30 (Europe/Berlin unless the row names its own zone)",
    );
    fireEvent.change(screen.getByLabelText(/At \(their local time\)/), { target: { value: "09:15" } });
    expect(last()?.firstDay?.time).toBe("09:15");

    const zone = screen.getByRole("combobox", { name: /In time zone/ });
    fireEvent.click(zone);
    fireEvent.change(zone, { target: { value: "new york" } });
    const option = screen.getByRole("option", { name: "America/New_York" });
    expect(screen.queryByRole("option", { name: "Europe/Berlin" })).toBeNull();
    fireEvent.click(option);
    expect(last()?.firstDay?.timeZone).toBe("America/New_York");

    fireEvent.click(screen.getByLabelText(/Start now for people whose start date has passed/));
    expect(last()?.firstDay?.pastStartsNow).toBe(true);

    fireEvent.click(screen.getByLabelText("Now"));
    expect(last()).toMatchObject({ startDateTime: null, firstDay: null });
  });

  it("keeps the zone in use when the admin types something that isn't one", () => {
    const { last } = renderForm(tenant());
    fireEvent.click(screen.getByLabelText("On each person's start date"));
    const zone = screen.getByRole("combobox", { name: /In time zone/ });
    fireEvent.change(zone, { target: { value: "Mars/Olympus" } });
    fireEvent.blur(zone);
    expect(last()?.firstDay?.timeZone).toBe("Europe/Berlin");
    expect((zone as HTMLInputElement).value).toBe("Europe/Berlin");
  });
});
