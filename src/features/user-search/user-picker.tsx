import { useState, type KeyboardEvent } from "react";
import {
  Avatar,
  Badge,
  Field,
  MessageBar,
  MessageBarBody,
  Spinner,
  Tag,
  TagPicker,
  TagPickerControl,
  TagPickerGroup,
  TagPickerInput,
  TagPickerList,
  TagPickerOption,
  Text,
  makeStyles,
  tokens,
  type BadgeProps,
  type TagPickerProps,
} from "@fluentui/react-components";
import { describeError } from "../../lib/describe-error";
import type { DirectoryUser } from "../../lib/graph/types";
import { describeAccount, describeRole, displayNameOf, type AccountBadgeKind } from "./search-results";
import { useUserSearch, type UserSearchStatus } from "./use-user-search";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  optionTitle: { display: "flex", flexWrap: "wrap", alignItems: "center", columnGap: tokens.spacingHorizontalS },
  optionDetail: { display: "flex", flexDirection: "column" },
  status: { minHeight: "20px", color: tokens.colorNeutralForeground2 },
  emptyList: { display: "none" },
});

const BADGE_COLOR: Record<AccountBadgeKind, BadgeProps["color"]> = {
  // External guests cannot be given a pass at all; disabled accounts cannot use one until enabled.
  "guest-external": "danger",
  guest: "informative",
  disabled: "warning",
};

export interface UserPickerProps {
  selected: DirectoryUser[];
  onChange(users: DirectoryUser[]): void;
  disabled?: boolean;
}

/** Find people in the directory and collect them as chips: type, arrow to a match, Enter to add. */
export function UserPicker({ selected, onChange, disabled = false }: UserPickerProps) {
  const styles = useStyles();
  const [input, setInput] = useState("");
  const search = useUserSearch(input);
  const selectedIds = selected.map((user) => user.id);
  const options = search.users.filter((user) => !selectedIds.includes(user.id));

  const onOptionSelect: TagPickerProps["onOptionSelect"] = (_event, data) => {
    const known = new Map([...search.users, ...selected].map((user) => [user.id, user]));
    onChange(data.selectedOptions.flatMap((id) => known.get(id) ?? []));
    setInput("");
  };

  // Backspace in the empty box removes the last chip at once (TagPicker would only focus it first).
  const onKeyDownCapture = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target;
    if (event.key !== "Backspace" || !(target instanceof HTMLInputElement) || target.value !== "" || selected.length === 0) return;
    event.preventDefault();
    event.stopPropagation();
    onChange(selected.slice(0, -1));
  };

  return (
    <div className={styles.root}>
      <Field label="Find people">
        <TagPicker onOptionSelect={onOptionSelect} selectedOptions={selectedIds} disabled={disabled}>
          <TagPickerControl onKeyDownCapture={onKeyDownCapture}>
            <TagPickerGroup aria-label="Selected people">
              {selected.map((user) => (
                <SelectedChip key={user.id} user={user} ambiguous={hasNamesake(user, selected)} />
              ))}
            </TagPickerGroup>
            <TagPickerInput
              placeholder="Name or user principal name"
              value={input}
              onChange={(event) => setInput(event.target.value)}
            />
          </TagPickerControl>
          <TagPickerList className={options.length === 0 ? styles.emptyList : undefined}>
            {options.map((user) => (
              <UserOption key={user.id} user={user} />
            ))}
          </TagPickerList>
        </TagPicker>
      </Field>
      <div className={styles.status} aria-live="polite">
        <SearchStatus status={search.status} term={search.term} typed={input.trim() !== ""} />
      </div>
      {search.status === "error" && (
        <MessageBar intent="error">
          <MessageBarBody>The directory could not be searched. {describeError(search.error)}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

function SearchStatus({ status, term, typed }: { status: UserSearchStatus; term: string; typed: boolean }) {
  switch (status) {
    case "short":
      return typed ? <Text>Type at least 2 characters</Text> : null;
    case "loading":
      return <Spinner size="extra-tiny" labelPosition="after" label="Searching the directory…" />;
    case "throttled":
      return <Spinner size="extra-tiny" labelPosition="after" label="Microsoft Graph is busy; retrying…" />;
    case "empty":
      return <Text>No one in the directory matches '{term}'</Text>;
    case "error":
    case "results":
      return null;
  }
}

function UserOption({ user }: { user: DirectoryUser }) {
  const styles = useStyles();
  const name = displayNameOf(user);
  const role = describeRole(user);
  return (
    <TagPickerOption
      value={user.id}
      text={`${name} ${user.userPrincipalName}`}
      media={<Avatar aria-hidden name={name} color="colorful" size={28} />}
      secondaryContent={
        <span className={styles.optionDetail}>
          <span>{user.userPrincipalName}</span>
          {role && <span>{role}</span>}
        </span>
      }
    >
      <span className={styles.optionTitle}>
        {name}
        {describeAccount(user).map((badge) => (
          <Badge key={badge.kind} appearance="tint" color={BADGE_COLOR[badge.kind]} size="small">
            {badge.label}
          </Badge>
        ))}
      </span>
    </TagPickerOption>
  );
}

function SelectedChip({ user, ambiguous }: { user: DirectoryUser; ambiguous: boolean }) {
  const name = displayNameOf(user);
  const label = ambiguous ? `${name} (${user.userPrincipalName})` : name;
  return (
    <Tag
      value={user.id}
      shape="rounded"
      media={<Avatar aria-hidden name={name} color="colorful" />}
      secondaryText={ambiguous ? user.userPrincipalName : undefined}
      aria-label={`Remove ${label}`}
      title={user.userPrincipalName}
    >
      {name}
    </Tag>
  );
}

/** Two picked people with the same name are told apart by UPN. */
function hasNamesake(user: DirectoryUser, selected: readonly DirectoryUser[]): boolean {
  const name = displayNameOf(user).toLowerCase();
  return selected.some((other) => other.id !== user.id && displayNameOf(other).toLowerCase() === name);
}
