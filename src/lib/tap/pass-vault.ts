import type { IssuedPass } from "./run-types";

type Listener = () => void;

/**
 * The one place pass values live: memory only, for the lifetime of the results view. Nothing else
 * keeps a value: not component state, not the query cache, not storage, not the console.
 */
export class PassVault {
  private passes = new Map<string, IssuedPass>();
  private exported = true;
  /** Passes saved one by one (e.g. e-mailed to their manager) while the run as a whole is not. */
  private savedRows = new Set<string>();
  private listeners = new Set<Listener>();
  private version = 0;

  put(pass: IssuedPass): void {
    this.passes.set(pass.rowId, pass);
    this.savedRows.delete(pass.rowId);
    this.exported = false;
    this.changed();
  }

  /** Drops one pass (it was removed in Entra): its value is of no use any more. */
  remove(rowId: string): void {
    if (!this.passes.delete(rowId)) return;
    if (this.passes.size === 0) this.exported = true;
    this.changed();
  }

  get(rowId: string): IssuedPass | undefined {
    return this.passes.get(rowId);
  }

  all(): IssuedPass[] {
    return [...this.passes.values()];
  }

  get size(): number {
    return this.passes.size;
  }

  /** True while values exist that were neither exported, copied in full, nor printed (nor saved one by one). */
  get hasUnsavedValues(): boolean {
    if (this.passes.size === 0 || this.exported) return false;
    for (const rowId of this.passes.keys()) if (!this.savedRows.has(rowId)) return true;
    return false;
  }

  /** Every value counts as saved; with `rowIds`, only those (e.g. the people a manager was e-mailed). */
  markSaved(rowIds?: Iterable<string>): void {
    if (rowIds === undefined) this.exported = true;
    else for (const rowId of rowIds) this.savedRows.add(rowId);
    this.changed();
  }

  clear(): void {
    this.passes = new Map();
    this.savedRows = new Set();
    this.exported = true;
    this.changed();
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes whenever the vault changes; for useSyncExternalStore. */
  getVersion = (): number => this.version;

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}

/** The app's single vault. */
export const passVault = new PassVault();
