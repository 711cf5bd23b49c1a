/** `convert-doctor env`: a kernel's environment report and the rules that fire on it. */
import { Command } from 'commander';

import { packageRows } from '../../core/reportFormat';
import { SHIPPED_KNOWLEDGE } from '../../core/shippedKnowledge';
import { IEnvReport, IFinding } from '../../core/types';
import { formatFindings, isProblem } from '../format';
import {
  EXIT_PROBLEM,
  InputError,
  progress,
  readEnv,
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
  json?: boolean;
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
    .option('--json', 'print one JSON object {report, findings}');
  addKernelSourceOptions(command);
  return command
    .addHelpText(
      'after',
      `\n${KERNEL_SOURCE_HELP}\nExit status: 0 no error or warning finding, 1 some, 2 bad usage or unreadable input.`
    )
    .action(async (opts: IEnvOptions) => {
      let report: IEnvReport;
      if (opts.report) {
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
        writeText(
          (opts.report ? '' : formatReport(report) + '\n\nfindings:\n') +
            formatFindings(findings)
        );
      }
    });
}
