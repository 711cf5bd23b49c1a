#!/usr/bin/env node
/**
 * `convert-doctor`: the diagnosis engine from the command line, for scripting and scoring.
 *
 *   convert-doctor diagnose [--env ENV.json] [--json] FILE|-
 *   convert-doctor check --env ENV.json [--json]
 *
 * Imports only the framework-free core (plus Node's fs for reading input).
 */
import * as fs from 'fs';
import { Command } from 'commander';
import { EnvReportError, parseEnvReport } from '../core/envReport';
import { errorFromInput } from '../core/errorInput';
import { SHIPPED_KNOWLEDGE } from '../core/shippedKnowledge';
import { IDiagnosis, IEnvReport, IFinding } from '../core/types';

/** A usage or input problem: printed without a stack trace, exit code 2. */
class InputError extends Error {}

function readInput(file: string): string {
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

/**
 * The report in `value`, checked like a kernel's reply (core/envReport.ts) but with only
 * `packages` required: a hand-written report may leave the rest out, which the rules read as
 * unknown. A bad field is an input error naming it.
 */
function asEnvReport(value: unknown, where: string): IEnvReport {
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

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readEnv(file: string): IEnvReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readInput(file));
  } catch (err) {
    throw err instanceof InputError
      ? err
      : new InputError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  return asEnvReport(parsed, file);
}

/**
 * A failure-lab fixture carries its environment beside the error: use it when --env is not
 * given (checked like --env; a fixture without one has `"env": null`).
 */
function embeddedEnv(text: string, file: string): IEnvReport | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    return undefined;
  }
  let env: unknown;
  try {
    env = (JSON.parse(trimmed) as { env?: unknown }).env;
  } catch {
    return undefined;
  }
  return env === undefined || env === null
    ? undefined
    : asEnvReport(env, `${file === '-' ? 'stdin' : file}: "env"`);
}

function formatFinding(f: IFinding): string {
  return `  [${f.severity}] ${f.message}\n    fix: ${f.fix.join('; ') || '-'}\n    source: ${f.sources[0] ?? '-'}`;
}

function formatDiagnosis(d: IDiagnosis): string {
  const lines = [
    `category:   ${d.category} (confidence ${d.confidence.toFixed(2)})`,
    `title:      ${d.title}`,
    `cause:      ${d.cause ?? '-'}`,
    `evidence:   ${d.evidence || '-'}`,
    `why:        ${d.explanation}`,
    `fixes:      ${d.fixes.join('; ') || '-'}`,
    ...d.sources.map((s, i) =>
      i === 0 ? `sources:    ${s}` : `            ${s}`
    )
  ];
  if (d.findings.length) {
    lines.push('environment findings:', ...d.findings.map(formatFinding));
  }
  return lines.join('\n');
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('convert-doctor')
    .description(
      'Diagnose failing model conversions (Darknet/PyTorch/TF to ONNX, SavedModel, TFLite).'
    )
    .showHelpAfterError()
    // Before the subcommands are added, so they inherit it: usage errors return exit code 2.
    .exitOverride();

  program
    .command('diagnose')
    .description(
      'classify a traceback (text, or a Jupyter error output as JSON) into a taxonomy category'
    )
    .argument(
      '<file>',
      "file holding the traceback or error output, or '-' for stdin"
    )
    .option(
      '--env <file>',
      'environment report (JSON) of the kernel that raised it'
    )
    .option(
      '--json',
      'print one JSON object (category, confidence, evidence, ...)'
    )
    .action((file: string, opts: { env?: string; json?: boolean }) => {
      const text = readInput(file);
      let error;
      try {
        error = errorFromInput(text);
      } catch (err) {
        throw new InputError((err as Error).message);
      }
      const env = opts.env ? readEnv(opts.env) : embeddedEnv(text, file);
      const diagnosis = SHIPPED_KNOWLEDGE.diagnose(error, env);
      process.stdout.write(
        opts.json
          ? JSON.stringify(diagnosis) + '\n'
          : formatDiagnosis(diagnosis) + '\n'
      );
    });

  program
    .command('check')
    .description(
      'evaluate the compatibility rules on an environment report, worst first'
    )
    .requiredOption('--env <file>', 'environment report (JSON)')
    .option('--json', 'print the findings as a JSON array')
    .action((opts: { env: string; json?: boolean }) => {
      const findings = SHIPPED_KNOWLEDGE.evaluateRules(readEnv(opts.env));
      if (opts.json) {
        process.stdout.write(JSON.stringify(findings) + '\n');
      } else {
        process.stdout.write(
          findings.length
            ? findings.map(formatFinding).join('\n') + '\n'
            : 'no findings\n'
        );
      }
    });
  return program;
}

export function main(argv: string[]): number {
  try {
    buildProgram().parse(argv);
    return 0;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (
      code === 'commander.helpDisplayed' ||
      code === 'commander.version' ||
      code === 'commander.help'
    ) {
      return 0;
    }
    if (code && code.startsWith('commander.')) {
      return 2; // commander already printed the message
    }
    // One line: messages may quote input text.
    const message = String((err as Error)?.message ?? err).replace(/\s+/g, ' ');
    process.stderr.write(`convert-doctor: ${message}\n`);
    return err instanceof InputError ? 2 : 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv);
}
