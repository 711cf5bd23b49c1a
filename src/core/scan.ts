/**
 * Builds the bounded text window the classifier reads from an error record, so its cost does
 * not grow with the traceback: the head lines (call site), the last lines (innermost frames
 * and the error), ename/evalue, each line capped. ANSI escapes are stripped from the window only.
 */
import { stripAnsi } from './ansi';
import { IErrorRecord } from './types';

export const SCAN_LIMITS = {
  /** Lines kept from the end of the traceback. */
  tailLines: 80,
  /** Lines kept from its start. */
  headLines: 8,
  /** Characters kept per line (half from its start, half from its end). */
  lineChars: 1000,
  /** Characters considered from the end of the traceback (per entry and in all). */
  entryChars: 24 * 1024,
  /** Characters of evalue considered. */
  evalueChars: 4096
};

export interface IScan {
  /** Lines that state an error (the ename: evalue line, exception lines, ERROR lines, last lines). */
  errorText: string;
  /** Every scanned line, joined with newlines. */
  windowText: string;
}

function capLine(line: string): string {
  const max = SCAN_LIMITS.lineChars;
  return line.length <= max
    ? line
    : line.slice(0, max / 2) + ' … ' + line.slice(-max / 2);
}

/** A line that states an exception or error (Python, C++ runtimes, CLI tools). */
const ERROR_LINE =
  /^\s*(?:[\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Fail)\w*\b(?::|$)|(?:ERROR|Error|FAIL|Fail|error|fatal|LLVM ERROR)\b|\[ONNXRuntimeError\])/;

export function buildScan(error: IErrorRecord): IScan {
  const entries = Array.isArray(error.traceback) ? error.traceback : [];
  // Tail: walk entries from the end until enough lines are collected.
  const tail: string[] = [];
  let chars = 0;
  for (
    let i = entries.length - 1;
    i >= 0 && tail.length < SCAN_LIMITS.tailLines;
    i--
  ) {
    let entry = String(entries[i] ?? '');
    if (entry.length > SCAN_LIMITS.entryChars) {
      entry = entry.slice(-SCAN_LIMITS.entryChars);
    }
    const lines = entry.split('\n');
    for (
      let j = lines.length - 1;
      j >= 0 && tail.length < SCAN_LIMITS.tailLines;
      j--
    ) {
      tail.push(lines[j]);
      chars += lines[j].length;
    }
    if (chars > SCAN_LIMITS.entryChars) {
      break;
    }
  }
  tail.reverse();
  // Head: the first lines of the first entry (cell call site, exception banner).
  const head: string[] = [];
  if (entries.length > 0 && tail.length >= SCAN_LIMITS.tailLines) {
    const first = String(entries[0] ?? '').slice(
      0,
      SCAN_LIMITS.lineChars * SCAN_LIMITS.headLines
    );
    head.push(...first.split('\n').slice(0, SCAN_LIMITS.headLines));
  }
  const window = [...head, ...tail].map(line =>
    capLine(stripAnsi(line)).replace(/\r$/, '')
  );

  const ename = stripAnsi(String(error.ename ?? '')).trim();
  const evalue = stripAnsi(
    String(error.evalue ?? '').slice(0, SCAN_LIMITS.evalueChars)
  );
  const errorLines: string[] = [];
  if (ename || evalue) {
    errorLines.push(
      ...`${ename}${ename && evalue ? ': ' : ''}${evalue}`
        .split('\n')
        .map(capLine)
    );
  }
  for (const line of window) {
    if (ERROR_LINE.test(line)) {
      errorLines.push(line);
    }
  }
  const nonEmpty = window.filter(line => line.trim() !== '');
  errorLines.push(...nonEmpty.slice(-3));
  return { errorText: errorLines.join('\n'), windowText: window.join('\n') };
}
