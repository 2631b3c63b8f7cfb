import { useId, useState } from "react";
import { Button, Field, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Select, tokens } from "@fluentui/react-components";
import { ArrowClockwiseRegular } from "@fluentui/react-icons";
import { lifetimeWords, rangeWords } from "../../lib/tap/lifetime-words";
import type { LearnedPolicy, ResultRow } from "../../lib/tap/run-types";
import { hasRefusalNews, lifetimeChoices, summarizeRefusals } from "./refusal-summary";

const useStyles = makeStyles({
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  actions: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: tokens.spacingHorizontalM },
  select: { minWidth: "14rem" },
});

export interface ReissueChoice {
  lifetimeInMinutes?: number;
  isUsableOnce?: true;
}

export interface RefusalOfferProps {
  rows: readonly ResultRow[];
  learned: LearnedPolicy;
  /** Re-issues the refused rows as chosen; absent when the run can't re-issue (nothing to offer). */
  onReissue?: (choice: ReissueChoice) => void;
}

const plural = (count: number, one: string, many: string) => `${count.toLocaleString()} ${count === 1 ? one : many}`;

/**
 * What Entra's refusals taught this run about the tenant's (unreadable) policy, and an offer to issue
 * the refused rows again within it. The admin picks the lifetime: nothing is changed silently.
 */
export function RefusalOffer({ rows, learned, onReissue }: RefusalOfferProps) {
  const styles = useStyles();
  const selectId = useId();
  const [lifetime, setLifetime] = useState("");
  const summary = summarizeRefusals(rows);
  if (!hasRefusalNews(learned, summary)) return null;

  const range = learned.lifetimeRange;
  const count = summary.lifetimeRows + summary.multiUseRows;
  const needsLifetime = summary.lifetimeRows > 0 && range !== null;
  const chosen = lifetime === "" ? undefined : Number(lifetime);
  const oneTime = summary.multiUseRows > 0;
  const label =
    `Re-issue ${plural(count, "pass", "passes")}` +
    (chosen !== undefined ? ` lasting ${lifetimeWords(chosen)}` : "") +
    (oneTime ? " as one-time passes" : "");

  return (
    <MessageBar intent="warning" layout="multiline" aria-label="What Entra allows in this tenant">
      <MessageBarBody className={styles.body}>
        <MessageBarTitle>What Entra allows in this tenant</MessageBarTitle>
        {range && (
          <span>
            Entra allows passes of <strong>{rangeWords(range)}</strong> in this tenant (it said so when it refused a pass in this run).
            {summary.lifetimeRows > 0 &&
              ` ${plural(summary.lifetimeRows, "row asked", "rows asked")} for a lifetime outside it and got no pass; TAP Desk stopped sending those.`}
          </span>
        )}
        {(learned.forcesOneTime || summary.multiUseRows > 0) && (
          <span>
            Entra refused multi-use passes and accepted none in this run, so this tenant likely requires one-time passes. TAP Desk is not
            certain: the same answer comes when the policy doesn't include a user.
            {summary.multiUseRows > 0 && ` ${plural(summary.multiUseRows, "multi-use row", "multi-use rows")} got no pass.`}
          </span>
        )}
        {onReissue && count > 0 && (
          <div className={styles.actions}>
            {needsLifetime && (
              <Field label="Lifetime for the re-issued passes" className={styles.select}>
                <Select id={selectId} value={lifetime} onChange={(_event, data) => setLifetime(data.value)}>
                  <option value="">Choose a lifetime…</option>
                  {lifetimeChoices(range).map((minutes) => (
                    <option key={minutes} value={String(minutes)}>
                      {lifetimeWords(minutes)}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            <Button
              icon={<ArrowClockwiseRegular />}
              disabled={needsLifetime && chosen === undefined}
              onClick={() =>
                onReissue({
                  ...(chosen !== undefined ? { lifetimeInMinutes: chosen } : {}),
                  ...(oneTime ? { isUsableOnce: true as const } : {}),
                })
              }
            >
              {label}
            </Button>
          </div>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
