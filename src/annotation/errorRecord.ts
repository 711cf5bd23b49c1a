/**
 * Error records from what a notebook holds: a code cell's error output (saved, streamed, or
 * written server-side) or the KernelError of `NotebookActions.executed`. Bounded before anyone
 * reads them: a 10 MB ANSI-laden traceback costs the classifier and the page a fixed amount.
 */
import type { ICodeCellModel } from '@jupyterlab/cells';

import type { IErrorRecord } from '../core/types';

type IOutputAreaModel = ICodeCellModel['outputs'];

/** What is kept of an error: the head (call site) and tail (innermost frames, the error). */
export const ERROR_BOUNDS = {
  headEntries: 4,
  tailEntries: 60,
  /** Characters per traceback entry, half from its start, half from its end. */
  entryChars: 16 * 1024,
  evalueChars: 8 * 1024,
  enameChars: 200
};

/** One output of an output area. */
export type IOutputModel = ReturnType<IOutputAreaModel['get']>;

/** The last error output of an output area, without copying it; null when there is none. */
export function lastErrorOutput(
  outputs: IOutputAreaModel
): IOutputModel | null {
  for (let index = outputs.length - 1; index >= 0; index--) {
    const output = outputs.get(index);
    if (output.type === 'error') {
      return output;
    }
  }
  return null;
}

export function hasErrorOutput(outputs: IOutputAreaModel): boolean {
  return lastErrorOutput(outputs) !== null;
}

/** The error record of an error output, bounded (this copies the output's JSON once). */
export function errorFromOutput(
  output: IOutputModel,
  extra: Pick<IErrorRecord, 'cell_id' | 'execution_count'> = {}
): IErrorRecord {
  // The error output keeps ename/evalue/traceback in its raw JSON.
  const raw = output.toJSON() as {
    ename?: unknown;
    evalue?: unknown;
    traceback?: unknown;
  };
  return boundErrorRecord({
    ename: textOf(raw.ename),
    evalue: textOf(raw.evalue),
    traceback: Array.isArray(raw.traceback)
      ? (raw.traceback as unknown[]).map(textOf)
      : [],
    ...extra
  });
}

/** The last error output of an output area, bounded; null when there is none. */
export function errorFromOutputs(
  outputs: IOutputAreaModel,
  extra: Pick<IErrorRecord, 'cell_id' | 'execution_count'> = {}
): IErrorRecord | null {
  const output = lastErrorOutput(outputs);
  return output ? errorFromOutput(output, extra) : null;
}

/** The kernel's error of a run, as `NotebookActions.executed` gives it (its KernelError). */
export interface IExecutedError {
  errorName: string;
  errorValue: string;
  traceback: string[];
}

/** The error record of a run's execute reply, bounded. */
export function errorFromReply(
  error: IExecutedError,
  cellId: string
): IErrorRecord {
  return boundErrorRecord({
    ename: error.errorName,
    evalue: error.errorValue,
    traceback: error.traceback ?? [],
    cell_id: cellId
  });
}

export function boundErrorRecord(record: IErrorRecord): IErrorRecord {
  const traceback = Array.isArray(record.traceback) ? record.traceback : [];
  const { headEntries, tailEntries, entryChars } = ERROR_BOUNDS;
  const kept =
    traceback.length <= headEntries + tailEntries
      ? traceback
      : [
          ...traceback.slice(0, headEntries),
          `… ${traceback.length - headEntries - tailEntries} traceback entries omitted …`,
          ...traceback.slice(-tailEntries)
        ];
  return {
    ...record,
    ename: cut(textOf(record.ename), ERROR_BOUNDS.enameChars),
    evalue: cut(textOf(record.evalue), ERROR_BOUNDS.evalueChars),
    traceback: kept.map(entry => cut(textOf(entry), entryChars))
  };
}

/**
 * Text of a value from a saved output, whatever JSON it holds: nbformat says strings, but a
 * notebook file may carry anything, and `String()` throws on `{"toString": 1}`.
 */
export function textOf(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      if (value === null) {
        return '';
      }
      try {
        // Objects and arrays as their JSON text (never their own toString/valueOf).
        return JSON.stringify(value) ?? '';
      } catch {
        return '';
      }
    default:
      // undefined, functions, symbols: nothing a traceback can say.
      return '';
  }
}

/**
 * A short key for "this error" (dismissals, de-duplication): ename and evalue, ANSI and
 * whitespace noise removed, hashed.
 */
export function errorKey(record: IErrorRecord): string {
  const text = `${record.ename}\u0000${record.evalue}`
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return `${fnv1a(text)}-${text.length}`;
}

// FNV-1a, 32 bit: stable across sessions, enough to tell a notebook's errors apart.
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function cut(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)} … ${text.slice(-half)}`;
}
