/** `convert-doctor env`: a kernel's environment report and the rules that fire on it. */
import { Command } from 'commander';
import * as fs from 'fs';

import {
  FreezeError,
  MAX_FREEZE_CHARS,
  freezeReport
} from '../../core/freezeReport';
import { packageRows } from '../../core/reportFormat';
import { SHIPPED_KNOWLEDGE } from '../../core/shippedKnowledge';
import { IEnvReport, IFinding } from '../../core/types';
import { formatFindings, isProblem } from '../format';
import {
  EXIT_PROBLEM,
  InputError,
  progress,
  readEnv,
  readInput,
  setExitCode,
  writeJson,
  writeText
} from '../io';
import { KERNEL_SOURCE_HELP, addKernelSourceOptions } from './kernelOptions';

interface IEnvOptions {
  python?: string;
  url?: string;
  token?: string;
  kernel?: string;
  report?: string;
  freeze?: string;
  json?: boolean;
}

// `--python` is a version with --freeze and an interpreter path without: tell them apart.
const VERSION_LIKE = /^\d+(?:\.\d+){0,2}$/;

/** The report of a `--freeze` file; every problem is a one-line InputError (exit 2). */
function readFreeze(file: string, python: string | undefined): IEnvReport {
  if (python !== undefined && !VERSION_LIKE.test(python.trim())) {
    throw new InputError(
      `with --freeze, --python is the version the freeze was taken on (e.g. 3.12.12), not "${python.slice(0, 80)}"`
    );
  }
  // Checked before reading, so a huge file is refused without loading it.
  if (file !== '-') {
    let size = 0;
    try {
      size = fs.statSync(file).size;
    } catch (err) {
      throw new InputError(`cannot read ${file}: ${(err as Error).message}`);
    }
    if (size > MAX_FREEZE_CHARS * 4) {
      throw new InputError(
        `${file} is too large for a pip freeze (${size} bytes, at most ${MAX_FREEZE_CHARS} characters)`
      );
    }
  }
  const source = file === '-' ? 'stdin' : file;
  try {
    return freezeReport(readInput(file), { python, source });
  } catch (err) {
    if (err instanceof FreezeError) {
      throw new InputError(err.message);
    }
    throw err;
  }
}

/** The line that tells a reader the versions are a freeze file's pins, not a kernel's. */
function freezeHeader(report: IEnvReport): string {
  const count = Object.keys(report.packages).length;
  const lines = [
    `environment: pip freeze ${report.python.executable} (${count} distribution${count === 1 ? '' : 's'}, ` +
      `Python ${report.python.version || 'unknown: give --python X.Y.Z'}); versions as pinned, not read from a kernel`
  ];
  for (const note of report.errors ?? []) {
    lines.push(`freeze note: ${note}`);
  }
  return lines.join('\n');
}

function formatReport(report: IEnvReport): string {
  const lines = [
    `python:     ${report.python?.version ?? '?'} (${report.python?.executable ?? '?'}, ${report.python?.env_kind ?? '?'})`,
    `host:       ${report.host ?? '?'}`
  ];
  const rows = packageRows(report).filter(r => r.installed || r.loaded);
  lines.push('packages:');
  for (const row of rows) {
    const loaded = row.loaded
      ? row.mismatch
        ? `, loaded ${row.loaded} (restart the kernel)`
        : ', loaded'
      : '';
    lines.push(
      `  ${row.distribution} ${row.installed ?? '(not installed)'}${loaded}`
    );
  }
  if (report.cuda) {
    lines.push(
      `cuda:       driver ${report.cuda.driver ?? '-'}, runtime ${report.cuda.cuda_runtime ?? '-'}, cudnn ${report.cuda.cudnn ?? '-'}`
    );
  }
  for (const error of report.errors ?? []) {
    lines.push(`probe note: ${error}`);
  }
  return lines.join('\n');
}

async function liveReport(opts: IEnvOptions): Promise<IEnvReport> {
  // Loaded on use: the services client costs start-up time that `--report` does not need.
  const { openKernelHost } = await import('../kernelHost');
  const { readEnvironment, startKernel, stopKernel } =
    await import('../kernelSession');
  const host = await openKernelHost(opts);
  try {
    const kernelName = opts.kernel ?? host.defaultKernel;
    const names = await host.kernelNames();
    if (!names.includes(kernelName)) {
      throw new InputError(
        `no kernelspec "${kernelName}" on the server (it has: ${names.join(', ') || 'none'})`
      );
    }
    progress(`starting kernel ${kernelName}`);
    const { manager, kernel } = await startKernel(host.settings, kernelName);
    try {
      progress('probing the environment');
      const env = await readEnvironment(kernel);
      if ('problem' in env) {
        throw new Error(`cannot read the environment: ${env.problem}`);
      }
      return env.report;
    } finally {
      await stopKernel(manager, kernel);
    }
  } finally {
    await host.stop();
  }
}

export function envCommand(): Command {
  const command = new Command('env')
    .description(
      "read a kernel's environment (the inspector's probe) and evaluate the compatibility rules"
    )
    .option(
      '--report <file>',
      'only evaluate the rules on a saved report (JSON)'
    )
    .option(
      '--freeze <file>',
      'evaluate the rules on a `pip freeze` / requirements.txt (- for stdin); --python X.Y.Z is then the version it was taken on'
    )
    .option('--json', 'print one JSON object {report, findings}');
  addKernelSourceOptions(command);
  return command
    .addHelpText(
      'after',
      `\n${KERNEL_SOURCE_HELP}\n\nFreeze files: \`env --freeze FILE [--python X.Y.Z]\` reads exact pins (name==version,
name===version, name @ wheel-URL) as installed versions, with --python the interpreter VERSION
the freeze was taken on (without --freeze, --python is an interpreter path). Other specifiers,
URLs without a version and editable installs are listed as notes, never guessed.\n\nExit status: 0 no error or warning finding, 1 some, 2 bad usage or unreadable input.`
    )
    .action(async (opts: IEnvOptions) => {
      let report: IEnvReport;
      if (opts.freeze !== undefined) {
        if (opts.report || opts.url || opts.kernel) {
          throw new InputError(
            '--freeze evaluates a freeze file: drop --report/--url/--kernel'
          );
        }
        report = readFreeze(opts.freeze, opts.python);
      } else if (opts.python !== undefined && VERSION_LIKE.test(opts.python)) {
        throw new InputError(
          `--python is an interpreter path; "${opts.python}" looks like a version: add --freeze FILE to check a pip freeze taken on it`
        );
      } else if (opts.report) {
        if (opts.python || opts.url || opts.kernel) {
          throw new InputError(
            '--report evaluates a saved report: drop --python/--url/--kernel'
          );
        }
        report = readEnv(opts.report);
      } else {
        report = await liveReport(opts);
      }
      const findings: IFinding[] = SHIPPED_KNOWLEDGE.evaluateRules(report);
      if (findings.some(isProblem)) {
        setExitCode(EXIT_PROBLEM);
      }
      if (opts.json) {
        writeJson({ report, findings });
      } else {
        const head = opts.freeze
          ? freezeHeader(report) + '\n\n'
          : opts.report
            ? ''
            : formatReport(report) + '\n\nfindings:\n';
        writeText(head + formatFindings(findings));
      }
    });
}
