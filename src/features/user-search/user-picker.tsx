import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import {
  Button,
  Label,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  mergeClasses,
  shorthands,
  tokens,
} from "@fluentui/react-components";
import { DismissRegular } from "@fluentui/react-icons";
import { InitialsBadge } from "../../components/initials-badge";
import { describeError } from "../../lib/describe-error";
import type { DirectoryUser } from "../../lib/graph/types";
import { pickerKeyAction } from "./picker-keys";
import { Upn } from "../../components/upn";
import { describeAccount, describeRole, displayNameOf, hasNamesake, type AccountBadgeKind, type HeldPassBadge } from "./search-results";
import { useHeldPassBadges, useUserSearch, type UserSearchStatus } from "./use-user-search";

// A text box with chips and a list of matches, built from plain elements styled with Fluent tokens.
// Fluent's TagPicker did the same with its combobox, tags and positioning packages: ~25 KB gzip
// on the first screen, where this picker is the first thing a team lead uses.
const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  anchor: { position: "relative" },
  control: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    minHeight: "32px",
    boxSizing: "border-box",
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderBottomColor: tokens.colorNeutralStrokeAccessible,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    cursor: "text",
    ":hover": { ...shorthands.borderColor(tokens.colorNeutralStroke1Hover), borderBottomColor: tokens.colorNeutralStrokeAccessibleHover },
    // Fluent's input focus: a brand-coloured bottom edge.
    ":focus-within": { borderBottomColor: tokens.colorCompoundBrandStroke, boxShadow: `inset 0 -1px 0 ${tokens.colorCompoundBrandStroke}` },
  },
  controlDisabled: {
    cursor: "not-allowed",
    ...shorthands.borderColor(tokens.colorNeutralStrokeDisabled),
    backgroundColor: tokens.colorTransparentBackground,
    ":hover": { ...shorthands.borderColor(tokens.colorNeutralStrokeDisabled) },
  },
  chips: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalXS,
    maxWidth: "100%",
    listStyleType: "none",
    margin: 0,
    padding: 0,
  },
  chip: {
    display: "inline-flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    maxWidth: "100%",
    paddingLeft: tokens.spacingHorizontalXXS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
  },
  chipText: { display: "flex", flexDirection: "column", minWidth: 0, lineHeight: tokens.lineHeightBase200 },
  chipName: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  chipUpn: { fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForeground3 },
  chipRemove: { minWidth: "24px", height: "24px", padding: 0 },
  input: {
    flex: "1 1 160px",
    minWidth: 0,
    height: "26px",
    padding: 0,
    border: "none",
    outline: "none",
    backgroundColor: "transparent",
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    "::placeholder": { color: tokens.colorNeutralForeground4, opacity: 1 },
    ":disabled": { cursor: "not-allowed" },
  },
  list: {
    position: "absolute",
    zIndex: 10,
    top: "calc(100% + 4px)",
    left: 0,
    right: 0,
    maxHeight: "min(360px, 50vh)",
    overflowY: "auto",
    margin: 0,
    padding: tokens.spacingVerticalXS,
    boxSizing: "border-box",
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow16,
    // The popup's edge in Windows high-contrast mode, where shadows are not drawn.
    outline: `1px solid transparent`,
  },
  option: {
    display: "flex",
    alignItems: "flex-start",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    cursor: "pointer",
    color: tokens.colorNeutralForeground1,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  optionActive: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    boxShadow: `inset 2px 0 0 ${tokens.colorCompoundBrandStroke}`,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Selected },
  },
  optionText: { display: "flex", flexDirection: "column", minWidth: 0 },
  optionTitle: { display: "flex", flexWrap: "wrap", alignItems: "center", columnGap: tokens.spacingHorizontalS },
  optionDetail: { display: "flex", flexDirection: "column", fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  accountBadge: {
    padding: `0 ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusSmall,
    border: `${tokens.strokeWidthThin} solid`,
    fontSize: tokens.fontSizeBase100,
    lineHeight: tokens.lineHeightBase200,
    fontWeight: tokens.fontWeightSemibold,
  },
  // External guests cannot be given a pass at all; disabled accounts cannot use one until enabled.
  "guest-external": {
    backgroundColor: tokens.colorPaletteRedBackground1,
    color: tokens.colorPaletteRedForeground1,
    ...shorthands.borderColor(tokens.colorPaletteRedBorder1),
  },
  guest: {
    backgroundColor: tokens.colorNeutralBackground4,
    color: tokens.colorNeutralForeground3,
    ...shorthands.borderColor(tokens.colorNeutralStroke2),
  },
  disabled: {
    backgroundColor: tokens.colorPaletteYellowBackground1,
    color: tokens.colorPaletteYellowForeground2,
    ...shorthands.borderColor(tokens.colorPaletteYellowBorder1),
  },
  // A pass they already hold: a new one would replace it (the check asks what to do).
  held: {
    alignSelf: "flex-start",
    marginBlock: "2px",
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground2,
    ...shorthands.borderColor(tokens.colorBrandStroke2),
  },
  status: { minHeight: "20px", color: tokens.colorNeutralForeground2 },
});

export interface UserPickerProps {
  selected: DirectoryUser[];
  onChange(users: DirectoryUser[]): void;
  disabled?: boolean;
  /** Enter in the empty box with people picked: go on, as the Continue button beside the picker does. */
  onContinue?: () => void;
}

/** Find people in the directory and collect them as chips: type, arrow to a match, Enter to add. */
export function UserPicker({ selected, onChange, disabled = false, onContinue }: UserPickerProps) {
  const styles = useStyles();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const search = useUserSearch(text);
  const selectedIds = new Set(selected.map((user) => user.id));
  const matches = search.users.filter((user) => !selectedIds.has(user.id));
  const heldPasses = useHeldPassBadges(selected);
  // People picked while a namesake was among the matches keep their UPN on the chip.
  const [toldApart, setToldApart] = useState<ReadonlySet<string>>(() => new Set());

  // A new list of matches starts with its first match highlighted, so type + Enter adds the best one.
  const [active, setActive] = useState(0);
  const listKey = matches.map((user) => user.id).join(" ");
  const [highlightedList, setHighlightedList] = useState(listKey);
  if (highlightedList !== listKey) {
    setHighlightedList(listKey);
    setActive(0);
  }

  const listShown = open && !disabled && matches.length > 0;
  const listId = `${id}-matches`;
  const optionId = (index: number) => `${id}-match-${index}`;
  const activeIndex = Math.min(active, matches.length - 1);
  const activeId = listShown ? optionId(activeIndex) : undefined;

  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView?.({ block: "nearest" });
  }, [activeId]);

  const pick = (user: DirectoryUser) => {
    if (hasNamesake(user, search.users)) setToldApart((before) => new Set([...before, user.id]));
    onChange([...selected, user]);
    setText("");
    setOpen(false);
  };

  const remove = (user: DirectoryUser) => {
    onChange(selected.filter((other) => other.id !== user.id));
    // The chip (and the button that had focus) is gone: carry on typing where people are found.
    inputRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const action = pickerKeyAction(event.key, {
      listShown,
      matches: matches.length,
      active: activeIndex,
      settled: search.status === "results",
      text,
      chips: selected.length,
    });
    if (action.kind === "default") return;
    // Tab closes the list and still moves focus on.
    if (event.key !== "Tab") event.preventDefault();
    switch (action.kind) {
      case "highlight":
        setActive(action.index);
        break;
      case "pick": {
        const user = matches[action.index];
        if (user) pick(user);
        break;
      }
      case "open":
        setOpen(true);
        break;
      case "close":
        setOpen(false);
        break;
      case "clear-text":
        setText("");
        break;
      case "remove-last-chip":
        onChange(selected.slice(0, -1));
        break;
      case "continue":
        onContinue?.();
        break;
      case "ignore":
        break;
    }
  };

  return (
    <div className={styles.root}>
      <Label htmlFor={`${id}-input`} disabled={disabled}>
        Find people
      </Label>
      <div className={styles.anchor}>
        {/* Clicking the box around the chips puts the caret in the text box, as in any input. */}
        {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions */}
        <div
          className={mergeClasses(styles.control, disabled && styles.controlDisabled)}
          onClick={(event) => {
            if (event.target === event.currentTarget) inputRef.current?.focus();
          }}
        >
          {selected.length > 0 && (
            <ul className={styles.chips} aria-label="Selected people">
              {selected.map((user) => (
                <SelectedChip
                  key={user.id}
                  user={user}
                  ambiguous={toldApart.has(user.id) || hasNamesake(user, selected) || hasNamesake(user, matches)}
                  heldPass={heldPasses.get(user.id) ?? null}
                  disabled={disabled}
                  onRemove={remove}
                />
              ))}
            </ul>
          )}
          <input
            ref={inputRef}
            id={`${id}-input`}
            className={styles.input}
            role="combobox"
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder="Name or user principal name"
            aria-autocomplete="list"
            aria-expanded={listShown}
            aria-controls={listShown ? listId : undefined}
            aria-activedescendant={activeId}
            disabled={disabled}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              // Typed or pasted, any text opens the list of matches.
              setOpen(event.target.value.trim() !== "");
            }}
            onKeyDown={onKeyDown}
            onClick={() => setOpen(text.trim() !== "")}
            onBlur={() => setOpen(false)}
          />
        </div>
        {listShown && (
          // Pressing in the list (an option or its scrollbar) must not take focus from the text box,
          // which would close the list.
          <div
            id={listId}
            role="listbox"
            aria-label="Matching people"
            tabIndex={-1}
            className={styles.list}
            onMouseDown={(event) => event.preventDefault()}
          >
            {matches.map((user, index) => (
              <UserOption
                key={user.id}
                id={optionId(index)}
                user={user}
                active={index === activeIndex}
                onHover={() => setActive(index)}
                onPick={() => pick(user)}
              />
            ))}
          </div>
        )}
      </div>
      <div className={styles.status} aria-live="polite">
        <SearchStatus status={search.status} term={search.term} typed={text.trim() !== ""} />
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

function UserOption(props: { id: string; user: DirectoryUser; active: boolean; onHover(): void; onPick(): void }) {
  const styles = useStyles();
  const { user } = props;
  const name = displayNameOf(user);
  const role = describeRole(user);
  return (
    // Options are chosen with the keyboard from the text box (aria-activedescendant), so they take no
    // focus (tabIndex -1 keeps them out of the Tab order) and need no key handlers of their own.
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events
    <div
      id={props.id}
      role="option"
      tabIndex={-1}
      aria-selected={props.active}
      className={mergeClasses(styles.option, props.active && styles.optionActive)}
      onMouseMove={props.active ? undefined : props.onHover}
      onClick={props.onPick}
    >
      <InitialsBadge name={name} size={28} />
      <span className={styles.optionText}>
        <span className={styles.optionTitle}>
          {name}
          {describeAccount(user).map((badge) => (
            <AccountBadge key={badge.kind} kind={badge.kind} label={badge.label} />
          ))}
        </span>
        <span className={styles.optionDetail}>
          <Upn value={user.userPrincipalName} />
          {role && <span>{role}</span>}
        </span>
      </span>
    </div>
  );
}

function AccountBadge({ kind, label }: { kind: AccountBadgeKind; label: string }) {
  const styles = useStyles();
  return <span className={mergeClasses(styles.accountBadge, styles[kind])}>{label}</span>;
}

function SelectedChip(props: {
  user: DirectoryUser;
  ambiguous: boolean;
  heldPass: HeldPassBadge | null;
  disabled: boolean;
  onRemove(user: DirectoryUser): void;
}) {
  const styles = useStyles();
  const { user, ambiguous } = props;
  const name = displayNameOf(user);
  const label = ambiguous ? `${name} (${user.userPrincipalName})` : name;
  return (
    <li className={styles.chip} title={user.userPrincipalName}>
      <InitialsBadge name={name} size={20} />
      <span className={styles.chipText}>
        <span className={styles.chipName}>{name}</span>
        {ambiguous && <Upn value={user.userPrincipalName} className={styles.chipUpn} />}
        {props.heldPass && <span className={mergeClasses(styles.accountBadge, styles.held)}>{props.heldPass}</span>}
      </span>
      <Button
        className={styles.chipRemove}
        appearance="transparent"
        size="small"
        icon={<DismissRegular />}
        aria-label={`Remove ${label}`}
        disabled={props.disabled}
        onClick={() => props.onRemove(user)}
        onKeyDown={(event) => {
          if (event.key === "Backspace" || event.key === "Delete") props.onRemove(user);
        }}
      />
    </li>
  );
}
