/**
 * Dismissed diagnoses, per notebook path and error key. Kept in memory and, when the app has
 * one, in the state database so they survive a reload. Bounded per notebook.
 */
import type { IStateDB } from '@jupyterlab/statedb';
import type { ReadonlyPartialJSONValue } from '@lumino/coreutils';

const STATE_KEY = 'jupyterlab-convert-doctor:annotation:dismissed';
const MAX_PER_NOTEBOOK = 200;

export class Dismissals {
  constructor(state: IStateDB | null) {
    this._state = state;
  }

  /** Loads saved dismissals; safe to call once the app is restored. */
  async restore(): Promise<void> {
    if (!this._state) {
      return;
    }
    try {
      const saved = await this._state.fetch(STATE_KEY);
      if (saved && typeof saved === 'object' && !Array.isArray(saved)) {
        for (const [path, keys] of Object.entries(saved)) {
          if (Array.isArray(keys)) {
            const set = this._set(path);
            keys
              .filter((k): k is string => typeof k === 'string')
              .forEach(k => set.add(k));
          }
        }
      }
    } catch (reason) {
      console.warn(
        'convert-doctor: could not read dismissed diagnoses',
        reason
      );
    }
  }

  has(notebookPath: string, errorKey: string): boolean {
    return this._byNotebook.get(notebookPath)?.has(errorKey) ?? false;
  }

  add(notebookPath: string, errorKey: string): void {
    const set = this._set(notebookPath);
    set.delete(errorKey);
    set.add(errorKey);
    // Oldest first in a Set's order: drop from the front.
    while (set.size > MAX_PER_NOTEBOOK) {
      set.delete(set.values().next().value as string);
    }
    void this._save();
  }

  private _set(path: string): Set<string> {
    let set = this._byNotebook.get(path);
    if (!set) {
      set = new Set();
      this._byNotebook.set(path, set);
    }
    return set;
  }

  private async _save(): Promise<void> {
    if (!this._state) {
      return;
    }
    const value: { [path: string]: string[] } = {};
    this._byNotebook.forEach((keys, path) => {
      value[path] = Array.from(keys);
    });
    try {
      await this._state.save(STATE_KEY, value as ReadonlyPartialJSONValue);
    } catch (reason) {
      console.warn(
        'convert-doctor: could not save dismissed diagnoses',
        reason
      );
    }
  }

  private _state: IStateDB | null;
  private _byNotebook = new Map<string, Set<string>>();
}
