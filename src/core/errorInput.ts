/**
 * Turns what a user or a script hands the diagnoser into an ErrorRecord: a Jupyter error
 * output (`{"output_type": "error", "ename", "evalue", "traceback"}`), a bare ErrorRecord,
 * a notebook cell's `outputs`, or a traceback pasted as plain text.
 */
import { IErrorRecord } from './types';

/** `SomeError: message` or `pkg.module.SomeError: message` at the start of a line. */
const EXCEPTION_LINE =
  /^\s*((?:[A-Za-z_][\w]*\.)*[A-Za-z_]\w*(?:Error|Exception|Exit|Interrupt|Warning))(?::\s?(.*))?$/;

/** Parse a plain-text traceback: the last exception line gives ename/evalue. */
/** Pasted text beyond this is cut to its head and tail: the classifier reads only those. */
const TEXT_HEAD_CHARS = 8 * 1024;
const TEXT_TAIL_CHARS = 64 * 1024;

export function errorFromText(text: string): IErrorRecord {
  const bounded =
    text.length > TEXT_HEAD_CHARS + TEXT_TAIL_CHARS
      ? text.slice(0, TEXT_HEAD_CHARS) + '\n…\n' + text.slice(-TEXT_TAIL_CHARS)
      : text;
  const lines = bounded.replace(/\r\n?/g, '\n').split('\n');
  let ename = '';
  let evalue = '';
  // Only the last 400 lines: the exception line is at the end of a traceback.
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 400); i--) {
    const match = EXCEPTION_LINE.exec(
      lines[i].length > 2000 ? lines[i].slice(0, 2000) : lines[i]
    );
    if (match && (match[2] !== undefined || /Error|Exception/.test(match[1]))) {
      ename = match[1];
      evalue = (match[2] ?? '').trim();
      break;
    }
  }
  return { ename, evalue, traceback: lines };
}

function isErrorLike(value: unknown): value is IErrorRecord {
  const v = value as IErrorRecord;
  return (
    !!v &&
    typeof v === 'object' &&
    typeof v.ename === 'string' &&
    Array.isArray(v.traceback)
  );
}

/**
 * Parse JSON input: an error output / ErrorRecord, or an object with `outputs` (a cell) from
 * which the first error output is taken. Throws a clear error for anything else.
 */
export function errorFromJson(value: unknown): IErrorRecord {
  if (isErrorLike(value)) {
    return {
      ename: value.ename,
      evalue:
        typeof value.evalue === 'string'
          ? value.evalue
          : String(value.evalue ?? ''),
      traceback: value.traceback.map(line => String(line))
    };
  }
  const outputs = (value as { outputs?: unknown[] })?.outputs;
  if (Array.isArray(outputs)) {
    const found = outputs.find(isErrorLike);
    if (found) {
      return errorFromJson(found);
    }
    throw new Error(
      'the cell has no error output (no output with ename and traceback)'
    );
  }
  throw new Error(
    'JSON input is not a Jupyter error output: expected {"ename", "evalue", "traceback": [...]} or a cell with "outputs"'
  );
}

/** Text that is JSON (an object) is parsed as JSON; anything else is a plain-text traceback. */
export function errorFromInput(text: string): IErrorRecord {
  const trimmed = text.trim();
  if (trimmed === '') {
    throw new Error(
      'empty input: expected a traceback (text) or a Jupyter error output (JSON)'
    );
  }
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return errorFromText(text);
    }
    return errorFromJson(parsed);
  }
  return errorFromText(text);
}
