import { Fragment, useState, type KeyboardEvent } from "react";
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
  const [open, setOpen] = useState(false);
  const search = useUserSearch(input);
  const selectedIds = selected.map((user) => user.id);
  const options = search.users.filter((user) => !selectedIds.includes(user.id));
  // A new list of matches is mounted afresh, so its first match is highlighted (the picker would
  // otherwise keep highlighting whichever row the previous list had under the cursor).
  const listKey = options.map((user) => user.id).join(" ");

  const onOptionSelect: TagPickerProps["onOptionSelect"] = (_event, data) => {
    const known = new Map([...search.users, ...selected].map((user) => [user.id, user]));
    onChange(data.selectedOptions.flatMap((id) => known.get(id) ?? []));
    setInput("");
  };

  const onKeyDownCapture = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement)) return;
    // Backspace in the empty box removes the last chip at once (TagPicker would only focus it first).
    if (event.key === "Backspace" && target.value === "" && selected.length > 0) {
      event.preventDefault();
      event.stopPropagation();
      onChange(selected.slice(0, -1));
    }
    // Enter typed ahead of the matches for the current text must not add someone from an older list.
    if (event.key === "Enter" && open && target.value.trim() !== "" && search.status !== "results") {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  return (
    <div className={styles.root}>
      <Field label="Find people">
        <TagPicker
          onOptionSelect={onOptionSelect}
          selectedOptions={selectedIds}
          disabled={disabled}
          open={open}
          onOpenChange={(_event, data) => setOpen(data.open)}
        >
          <TagPickerControl onKeyDownCapture={onKeyDownCapture}>
            <TagPickerGroup aria-label="Selected people">
              {selected.map((user) => (
                <SelectedChip key={user.id} user={user} ambiguous={hasNamesake(user, selected)} />
              ))}
            </TagPickerGroup>
            <TagPickerInput
              placeholder="Name or user principal name"
              value={input}
              onChange={(event) => {
                setInput(event.target.value);
                // Pasted text types no key, which is all that opens the list by itself.
                if (event.target.value.trim() !== "") setOpen(true);
              }}
            />
          </TagPickerControl>
          <TagPickerList aria-label="Matching people" className={options.length === 0 ? styles.emptyList : undefined}>
            <Fragment key={listKey}>
              {options.map((user) => (
                <UserOption key={user.id} user={user} />
              ))}
            </Fragment>
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
