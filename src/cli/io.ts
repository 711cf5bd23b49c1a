/**
 * What every subcommand shares: input errors (exit 2, one line), reading files and environment
 * reports, the one-JSON-document stdout rule, progress on stderr and colour only on a TTY.
 */
import * as fs from 'fs';

import { EnvReportError, parseEnvReport } from '../core/envReport';
import { IEnvReport } from '../core/types';

/** A usage or input problem: printed without a stack trace, exit code 2. */
export class InputError extends Error {}

/** Exit codes of every subcommand. */
export const EXIT_OK = 0;
export const EXIT_PROBLEM = 1;
export const EXIT_USAGE = 2;

export function readInput(file: string): string {
  try {
    return file === '-'
      ? fs.readFileSync(0, 'utf8')
      : fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(
      `cannot read ${file === '-' ? 'stdin' : file}: ${(err as Error).message}`
    );
  }
}

export function isPlainObject(
  value: unknown
): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The report in `value`, checked like a kernel's reply (core/envReport.ts) but with only
 * `packages` required: a hand-written report may leave the rest out, which the rules read as
 * unknown. A bad field is an input error naming it.
 */
export function asEnvReport(value: unknown, where: string): IEnvReport {
  if (!isPlainObject(value) || !isPlainObject(value.packages)) {
    throw new InputError(
      `${where} is not an environment report (expected a JSON object with "packages")`
    );
  }
  try {
    // Absent sections stay absent; the rules' conditions treat them as unknown.
    return parseEnvReport(value, { partial: true }) as IEnvReport;
  } catch (err) {
    if (err instanceof EnvReportError) {
      throw new InputError(`${where}: ${err.message}`);
    }
    throw err;
  }
}

export function readJsonFile(file: string): unknown {
  const text = readInput(file);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(
      `${file} is not valid JSON: ${(err as Error).message}`
    );
  }
}

export function readEnv(file: string): IEnvReport {
  return asEnvReport(readJsonFile(file), file);
}

/** Prints the single JSON document of a `--json` run. */
export function writeJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

export function writeText(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

/** Progress for long work: stderr only, so `--json` stdout stays one document. */
export function progress(message: string): void {
  process.stderr.write(`convert-doctor: ${message}\n`);
}

const COLOURS = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;

/** `text` in colour when stdout is a terminal (and NO_COLOR is unset), else unchanged. */
export function colour(name: keyof typeof COLOURS, text: string): string {
  if (!process.stdout.isTTY || process.env.NO_COLOR) {
    return text;
  }
  return `\u001b[${COLOURS[name]}m${text}\u001b[0m`;
}

/** A positive number option, or an InputError naming the flag. */
export function positiveNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new InputError(`${flag} must be a positive number, got "${value}"`);
  }
  return n;
}

let exitCode = EXIT_OK;

/** Records the run's exit code (the worst one wins); main() returns it. */
export function setExitCode(code: number): void {
  exitCode = Math.max(exitCode, code);
}

export function takeExitCode(): number {
  const code = exitCode;
  exitCode = EXIT_OK;
  return code;
}
