import { useState } from "react";
import {
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Select,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { PassSettings } from "../../lib/tap/run-types";
import {
  CUSTOM_KEY,
  type LifetimeUnit,
  TENANT_DEFAULT_KEY,
  allowedRangeText,
  customToMinutes,
  formatLifetime,
  isWithinPolicy,
  lifetimePresets,
  minutesToCustom,
  policyRangeText,
  presetKeyFor,
} from "./lifetime";
import { type EffectivePolicy, issuingBlockedReason } from "./pass-policy";
import { effectiveUsableOnce, settingsIssues, summarizeSettings } from "./pass-settings-logic";
import {
  type OffsetAt,
  browserOffsetAt,
  browserTimeZone,
  checkStart,
  formatOffset,
  formatUtc,
  localInputToUtcIso,
  utcIsoToLocalInput,
} from "./start-time";
import type { FirstDayStart } from "../../lib/tap/run-types";
import { browserZone } from "../../domain/zoned-time";
import { FAR_AHEAD_DAYS, HIRE_DATE_RULE, WORKING_DAY_MINUTES } from "./first-day";
import { TimeZonePicker } from "./time-zone-picker";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "640px" },
  custom: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "flex-start", paddingInlineStart: tokens.spacingHorizontalXXL },
  amount: { width: "10rem" },
  later: { paddingInlineStart: tokens.spacingHorizontalXXL },
  firstDay: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    paddingInlineStart: tokens.spacingHorizontalXXL,
  },
  firstDayRow: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalM, alignItems: "flex-start" },
  time: { width: "9rem" },
  zone: { flexGrow: 1, minWidth: "14rem" },
  error: { color: tokens.colorPaletteRedForeground1 },
});

const localFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export interface PassPolicyNoticeProps {
  policy: EffectivePolicy;
}

/** Where the limits come from, and whether passes can be issued at all. */
export function PassPolicyNotice({ policy }: PassPolicyNoticeProps) {
  const blocked = issuingBlockedReason(policy);
  if (blocked) {
    return (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>No pass can be issued</MessageBarTitle>
          {blocked}
        </MessageBarBody>
      </MessageBar>
    );
  }
  const learnedText = [
    policy.learned?.range
      ? `When it refused a pass earlier, Entra said this tenant allows passes of ${policyRangeText(policy)}; that range is offered below.`
      : "",
    policy.learned?.likelyOneTime
      ? "Entra refused multi-use passes earlier and accepted none, so this tenant likely requires one-time passes (TAP Desk is not certain)."
      : "",
  ].join(" ");
  const unknownLimits = policy.learned
    ? `${learnedText.trim()} Passes are sent exactly as you choose; Entra applies the tenant's limits.`
    : `Your tenant's limits (shortest and longest pass, whether every pass must be one-time) are unknown to TAP Desk. Passes are sent exactly as you choose, within what Entra accepts (${policyRangeText(policy)}); Entra applies your tenant's limits, and TAP Desk learns them from its first refusal.`;
  if (policy.fallbackReason === "forbidden") {
    return (
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Your role can't read the tenant's TAP policy</MessageBarTitle>
          {unknownLimits}
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (policy.fallbackReason === "unavailable") {
    return (
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>The tenant's TAP policy couldn't be read</MessageBarTitle>
          {policy.fallbackDetail} {unknownLimits}
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <Text>
      Your tenant allows passes lasting {policyRangeText(policy)}
      {policy.isUsableOnce ? "; every pass can be used only once." : "."}
    </Text>
  );
}

type OneTimeKey = "default" | "once" | "multi";

/** The radio showing a one-time choice; null (the tenant's rule) shows as the option marked "tenant default". */
function oneTimeKey(policy: EffectivePolicy, choice: boolean | null): OneTimeKey {
  const once = effectiveUsableOnce(policy, choice);
  if (policy.source === "unknown") return once === null ? "default" : once ? "once" : "multi";
  // Known policy: its default is one of the two real choices.
  const applied = once ?? policy.isUsableOnce;
  return applied === policy.isUsableOnce ? "default" : applied ? "once" : "multi";
}

function oneTimeOptions(policy: EffectivePolicy): { key: OneTimeKey; label: string; disabled?: boolean }[] {
  const once = "One sign-in only (one-time)";
  const multi = "Any number of sign-ins until it expires";
  if (policy.source === "unknown") {
    return [
      { key: "default", label: "Tenant default (unknown to TAP Desk; Entra applies it)" },
      { key: "once", label: once },
      { key: "multi", label: multi },
    ];
  }
  if (policy.isUsableOnce) {
    return [
      { key: "default", label: `${once} (tenant default, required by your tenant)` },
      { key: "multi", label: multi, disabled: true },
    ];
  }
  return [
    { key: "default", label: `${multi} (tenant default)` },
    { key: "once", label: once },
  ];
}

export interface PassSettingsFormProps {
  policy: EffectivePolicy;
  value: PassSettings;
  onChange: (next: PassSettings) => void;
  /** Clock and time zone seams for tests; the browser's by default. */
  now?: () => number;
  offsetAt?: OffsetAt;
  timeZone?: string;
  /** The first-day zone to start with (tests); the browser's by default. */
  firstDayZone?: string;
}

type StartMode = "now" | "later" | "first-day";

/** New hires' first morning, a common start of the working day. */
const DEFAULT_FIRST_DAY_TIME = "07:30";

/** Lifetime, one-time use and start for every pass in the run, kept within the tenant's policy. */
export function PassSettingsForm({
  policy,
  value,
  onChange,
  now = Date.now,
  offsetAt = browserOffsetAt,
  timeZone = browserTimeZone(),
  firstDayZone,
}: PassSettingsFormProps) {
  const styles = useStyles();
  const presets = lifetimePresets(policy);
  const initialMinutes = value.lifetimeInMinutes ?? policy.defaultLifetimeInMinutes;
  const [customChosen, setCustomChosen] = useState(false);
  const [custom, setCustom] = useState(() => minutesToCustom(initialMinutes));
  const [startMode, setStartMode] = useState<StartMode>(value.firstDay ? "first-day" : value.startDateTime !== null ? "later" : "now");
  const laterChosen = startMode === "later";
  const [draftFirstDay, setDraftFirstDay] = useState<FirstDayStart>(
    () => value.firstDay ?? { time: DEFAULT_FIRST_DAY_TIME, timeZone: firstDayZone ?? browserZone(), pastStartsNow: false },
  );
  const [draftStart, setDraftStart] = useState(() => (value.startDateTime ? utcIsoToLocalInput(value.startDateTime, offsetAt) : ""));

  const nowMs = now();
  const lifetimeKey = customChosen ? CUSTOM_KEY : presetKeyFor(policy, value.lifetimeInMinutes);
  const requestedCustom = customToMinutes(custom.amount, custom.unit);
  // Never clamped: a lifetime outside the range stays as typed and blocks Issue with this message.
  const customMessage =
    requestedCustom === null
      ? "Enter a number."
      : !isWithinPolicy(policy, requestedCustom)
        ? `Passes can't last ${formatLifetime(requestedCustom)}: ${allowedRangeText(policy)}.`
        : undefined;

  const chooseLifetime = (key: string) => {
    if (key === CUSTOM_KEY) {
      setCustomChosen(true);
      const minutes = customToMinutes(custom.amount, custom.unit);
      if (minutes !== null) onChange({ ...value, lifetimeInMinutes: minutes });
      return;
    }
    setCustomChosen(false);
    onChange({ ...value, lifetimeInMinutes: key === TENANT_DEFAULT_KEY ? null : Number(key) });
  };

  const changeCustom = (amount: string, unit: LifetimeUnit) => {
    setCustom({ amount, unit });
    const minutes = customToMinutes(amount, unit);
    if (minutes !== null) onChange({ ...value, lifetimeInMinutes: minutes });
  };

  // Later without a real date and time is "" (invalid, blocks Issue), never null, which means now.
  const chooseStart = (mode: StartMode) => {
    setStartMode(mode);
    if (mode === "first-day") {
      onChange({ ...value, startDateTime: null, firstDay: draftFirstDay });
      return;
    }
    onChange({ ...value, firstDay: null, startDateTime: mode === "later" ? (localInputToUtcIso(draftStart, offsetAt) ?? "") : null });
  };

  const changeFirstDay = (next: Partial<FirstDayStart>) => {
    const merged = { ...draftFirstDay, ...next };
    setDraftFirstDay(merged);
    onChange({ ...value, startDateTime: null, firstDay: merged });
  };

  const changeStart = (local: string) => {
    setDraftStart(local);
    onChange({ ...value, startDateTime: localInputToUtcIso(local, offsetAt) ?? "" });
  };

  const onceKey = oneTimeKey(policy, value.isUsableOnce);
  const start = checkStart(value.startDateTime, nowMs);
  const startIssue = settingsIssues(policy, value, nowMs).find((issue) => issue.field === "start");
  const offsetText = value.startDateTime ? formatOffset(offsetAt(Date.parse(value.startDateTime))) : formatOffset(offsetAt(nowMs));
  const summary = summarizeSettings(policy, value, nowMs, (iso) => `on ${localFormat.format(Date.parse(iso))}`);

  return (
    <form className={styles.form} aria-label="Pass settings" onSubmit={(event) => event.preventDefault()}>
      <PassPolicyNotice policy={policy} />

      <Field label="How long passes last">
        <RadioGroup value={lifetimeKey} onChange={(_event, data) => chooseLifetime(data.value)}>
          {presets.map((preset) => (
            <Radio key={preset.key} value={preset.key} label={preset.label} />
          ))}
          <Radio value={CUSTOM_KEY} label="Custom" />
        </RadioGroup>
      </Field>
      {lifetimeKey === CUSTOM_KEY && (
        <div className={styles.custom}>
          <Field
            label="Custom lifetime"
            className={styles.amount}
            validationState={customMessage ? "error" : "none"}
            validationMessage={customMessage}
          >
            <Input type="number" min={1} value={custom.amount} onChange={(_event, data) => changeCustom(data.value, custom.unit)} />
          </Field>
          <Field label="Unit">
            <Select
              value={custom.unit}
              onChange={(_event, data) => changeCustom(custom.amount, data.value === "hours" ? "hours" : "minutes")}
            >
              <option value="minutes">minutes</option>
              <option value="hours">hours</option>
            </Select>
          </Field>
        </div>
      )}

      <Field
        label="How often each pass can be used"
        hint={
          policy.isUsableOnce
            ? "Your tenant's policy makes every pass one-time, so this can't be changed."
            : policy.source === "unknown"
              ? "The tenant default sends no choice, so Entra applies your tenant's rule (which may force one-time passes)."
              : undefined
        }
      >
        <RadioGroup
          value={onceKey}
          onChange={(_event, data) =>
            onChange({ ...value, isUsableOnce: data.value === "once" ? true : data.value === "multi" ? false : null })
          }
        >
          {oneTimeOptions(policy).map((option) => (
            <Radio key={option.key} value={option.key} label={option.label} disabled={option.disabled} />
          ))}
        </RadioGroup>
      </Field>

      <Field label="When passes start">
        <RadioGroup
          value={startMode}
          onChange={(_event, data) => chooseStart(data.value === "later" ? "later" : data.value === "first-day" ? "first-day" : "now")}
        >
          <Radio value="now" label="Now" />
          <Radio value="later" label="Later" />
          <Radio value="first-day" label="On each person's start date" />
        </RadioGroup>
      </Field>
      {laterChosen && (
        <Field
          className={styles.later}
          label={`Start date and time (${timeZone})`}
          required
          validationState={startIssue ? (startIssue.severity === "error" ? "error" : "warning") : "success"}
          validationMessage={
            startIssue?.message ??
            (value.startDateTime ? `That is ${formatUtc(value.startDateTime)} (${timeZone}, UTC${offsetText}).` : undefined)
          }
        >
          <Input type="datetime-local" value={draftStart} onChange={(_event, data) => changeStart(data.value)} />
        </Field>
      )}

      {startMode === "first-day" && (
        <div className={styles.firstDay} role="group" aria-label="Start on each person's start date">
          <div className={styles.firstDayRow}>
            <Field
              className={styles.time}
              label="At (their local time)"
              required
              validationState={startIssue?.severity === "error" && draftFirstDay.time === "" ? "error" : "none"}
            >
              <Input type="time" value={draftFirstDay.time} onChange={(_event, data) => changeFirstDay({ time: data.value })} />
            </Field>
            <div className={styles.zone}>
              <TimeZonePicker
                label="In time zone"
                hint="Used for rows without their own TimeZone column value."
                value={draftFirstDay.timeZone}
                onChange={(zone) => changeFirstDay({ timeZone: zone })}
              />
            </div>
          </div>
          <Text size={200}>
            Each date comes from the file's start-date column (StartDate, HireDate, employeeHireDate…), or, for rows without one, from
            Entra's hire date. {HIRE_DATE_RULE} A row's own startDateTime still wins. The check shows every start in the person's zone and
            in UTC, and warns about dates more than {FAR_AHEAD_DAYS} days ahead and passes that end before a working day of{" "}
            {formatLifetime(WORKING_DAY_MINUTES)} does.
          </Text>
          <Checkbox
            checked={draftFirstDay.pastStartsNow}
            onChange={(_event, data) => changeFirstDay({ pastStartsNow: data.checked === true })}
            label="Start now for people whose start date has passed (otherwise they get no pass)"
          />
          {startIssue?.severity === "error" && (
            <Text role="alert" className={styles.error}>
              {startIssue.message}
            </Text>
          )}
        </div>
      )}

      <Text weight="semibold" role="status" aria-live="polite">
        {summary}
        {start.kind === "past" && " (The chosen start time has passed.)"}
      </Text>
    </form>
  );
}
