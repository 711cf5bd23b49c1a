/** `convert-doctor check`: run notebooks on fresh kernels and diagnose every failing cell. */
import * as fs from 'fs';
import * as path from 'path';

import { Command } from 'commander';

import { stripAnsi } from '../../core/ansi';
import { SHIPPED_KNOWLEDGE } from '../../core/shippedKnowledge';
import { IDiagnosis, IEnvReport } from '../../core/types';
import { describeFix } from '../format';
import {
  EXIT_PROBLEM,
  InputError,
  colour,
  positiveNumber,
  progress,
  readJsonFile,
  setExitCode,
  writeJson,
  writeText
} from '../io';
import { IJUnitSuite, junitXml } from '../junit';
import type { IKernelHost } from '../kernelHost';
import { ICellResult, INotebook, notebookProblem } from '../notebookRun';
import { KERNEL_SOURCE_HELP, addKernelSourceOptions } from './kernelOptions';

interface ICheckOptions {
  python?: string;
  url?: string;
  token?: string;
  kernel?: string;
  timeout?: string;
  continue?: boolean;
  junit?: string;
  output?: string;
  json?: boolean;
  env?: string;
}

interface ICellReport extends ICellResult {
  diagnosis?: IDiagnosis;
}

interface INotebookReport {
  path: string;
  kernel: string;
  passed: boolean;
  seconds: number;
  cells: ICellReport[];
  /** Why the environment report is missing, when it is. */
  env_problem?: string;
  env?: IEnvReport;
}

const STATUS_TEXT: { [status: string]: string } = {
  failed: 'failed',
  timeout: 'timed out',
  'kernel-died': 'the kernel died'
};

function loadNotebook(file: string): INotebook {
  const value = readJsonFile(file);
  const problem = notebookProblem(value);
  if (problem) {
    throw new InputError(`${file}: ${problem}`);
  }
  return value as INotebook;
}

async function chooseKernel(
  host: IKernelHost,
  notebook: INotebook,
  opts: ICheckOptions
): Promise<string> {
  const names = await host.kernelNames();
  const wanted =
    opts.kernel ??
    // An explicit --python means: that interpreter, whatever the notebook says.
    (opts.python ? host.defaultKernel : notebook.metadata?.kernelspec?.name);
  if (wanted && names.includes(wanted)) {
    return wanted;
  }
  if (wanted && (opts.kernel || opts.url)) {
    throw new InputError(
      `no kernelspec "${wanted}" on the server (it has: ${names.join(', ') || 'none'}); pass --kernel`
    );
  }
  if (wanted) {
    progress(
      `the notebook's kernelspec "${wanted}" is not installed: using ${host.python ?? host.defaultKernel}`
    );
  }
  return host.defaultKernel;
}

async function checkNotebook(
  host: IKernelHost,
  file: string,
  notebook: INotebook,
  opts: ICheckOptions
): Promise<INotebookReport> {
  // Loaded on use: the services client costs start-up time the other subcommands do not need.
  const { readEnvironment, startKernel, stopKernel } =
    await import('../kernelSession');
  const { runNotebook } = await import('../notebookRun');
  const kernelName = await chooseKernel(host, notebook, opts);
  progress(`${file}: starting kernel ${kernelName}`);
  const started = Date.now();
  const { manager, kernel } = await startKernel(host.settings, kernelName);
  const report: INotebookReport = {
    path: file,
    kernel: kernelName,
    passed: false,
    seconds: 0,
    cells: []
  };
  try {
    if (host.rootDir) {
      // Relative paths in the notebook resolve against its own folder, as in JupyterLab.
      const dir = path.resolve(path.dirname(file));
      await kernel.requestExecute({
        code: `__import__('os').chdir(${JSON.stringify(dir)})`,
        silent: true,
        store_history: false
      }).done;
    }
    const cells = await runNotebook(kernel, notebook, {
      timeout: opts.timeout
        ? positiveNumber('--timeout', opts.timeout)
        : undefined,
      continueOnError: Boolean(opts.continue),
      onCell: (index, position, total) =>
        progress(`${file}: cell ${index} (${position + 1}/${total})`)
    });
    report.cells = cells;
    const failing = cells.filter(c => c.status === 'failed');
    if (failing.length) {
      const env = await readEnvironment(kernel);
      if ('report' in env) {
        report.env = env.report;
      } else {
        report.env_problem = env.problem;
      }
      for (const cell of failing) {
        (cell as ICellReport).diagnosis = SHIPPED_KNOWLEDGE.diagnose(
          cell.error!,
          report.env
        );
      }
    }
  } finally {
    await stopKernel(manager, kernel);
  }
  report.seconds = (Date.now() - started) / 1000;
  report.passed = report.cells.every(c =>
    ['passed', 'skipped', 'error-allowed'].includes(c.status)
  );
  return report;
}

function formatNotebook(report: INotebookReport): string {
  const lines = [
    `${report.path} (kernel ${report.kernel}): ${report.passed ? colour('green', 'passed') : colour('red', 'FAILED')} in ${report.seconds.toFixed(1)} s`
  ];
  for (const cell of report.cells) {
    if (!STATUS_TEXT[cell.status]) {
      continue;
    }
    lines.push(
      `  cell ${cell.index}: ${colour('red', STATUS_TEXT[cell.status])}`
    );
    if (cell.status === 'timeout') {
      lines.push('    the cell ran past --timeout; the kernel was interrupted');
    }
    const d = cell.diagnosis;
    if (d) {
      const errorLine = `${cell.error?.ename}: ${stripAnsi(cell.error?.evalue ?? '')}`;
      lines.push(
        `    category: ${d.category} (confidence ${d.confidence.toFixed(2)})`,
        `    evidence: ${d.evidence || errorLine.split('\n')[0]}`,
        `    fix:      ${d.fixes.map(describeFix).join('; ') || '-'}`
      );
      for (const f of d.findings) {
        lines.push(`    finding:  [${f.severity}] ${f.message}`);
      }
    }
  }
  const notRun = report.cells.filter(c => c.status === 'not-run').length;
  if (notRun) {
    lines.push(
      `  ${notRun} later cell(s) not run (use --continue to run them)`
    );
  }
  if (report.env_problem) {
    lines.push(`  no environment report: ${report.env_problem}`);
  }
  return lines.join('\n');
}

function junitSuites(reports: INotebookReport[]): IJUnitSuite[] {
  return reports.map(report => ({
    name: report.path,
    cases: report.cells.map(cell => {
      const base = {
        name: `cell ${cell.index}`,
        classname: report.path,
        seconds: cell.seconds
      };
      switch (cell.status) {
        case 'failed':
          return {
            ...base,
            outcome: 'failure' as const,
            message: `${cell.diagnosis?.category ?? 'unknown'}: ${cell.error?.ename}: ${(cell.error?.evalue ?? '').split('\n')[0]}`,
            details: [
              `evidence: ${cell.diagnosis?.evidence ?? ''}`,
              `fix: ${(cell.diagnosis?.fixes ?? []).map(describeFix).join('; ')}`,
              '',
              ...(cell.error?.traceback ?? []).map(stripAnsi)
            ].join('\n')
          };
        case 'timeout':
        case 'kernel-died':
          return {
            ...base,
            outcome: 'error' as const,
            message: STATUS_TEXT[cell.status]
          };
        case 'skipped':
        case 'not-run':
          return {
            ...base,
            outcome: 'skipped' as const,
            message: cell.status === 'skipped' ? 'skip-execution' : 'not run'
          };
        default:
          return { ...base, outcome: 'passed' as const };
      }
    })
  }));
}

export function checkCommand(): Command {
  const command = new Command('check')
    .description(
      "run notebooks' code cells in order on a fresh kernel and diagnose every failing cell"
    )
    .argument('[notebooks...]', 'notebooks (.ipynb) to run')
    .option(
      '--timeout <seconds>',
      'per-cell limit (default: the notebook metadata execution.timeout, else none)'
    )
    .option('--continue', 'run the remaining cells after a failing one')
    .option('--junit <file>', 'write JUnit XML (one testcase per code cell)')
    .option(
      '--output <file>',
      'write the executed notebook (one notebook only); the input is never written'
    )
    .option('--json', 'print one JSON object {passed, notebooks: [...]}')
    .option('--env <file>', '(moved: use `convert-doctor env --report FILE`)');
  addKernelSourceOptions(command);
  return command
    .addHelpText(
      'after',
      `\nCell tags as in nbmake/nbval: skip-execution (not run), raises-exception (an error is
allowed); notebook metadata execution.timeout and execution.allow_errors are honoured.
The kernel is the notebook's kernelspec unless --kernel or --python is given.

${KERNEL_SOURCE_HELP}
Exit status: 0 every cell passed, 1 a cell failed, timed out or the kernel died, 2 bad usage
or unreadable input.`
    )
    .action(async (notebooks: string[], opts: ICheckOptions) => {
      if (opts.env) {
        throw new InputError(
          '`check --env` moved: use `convert-doctor env --report FILE`'
        );
      }
      if (!notebooks.length) {
        throw new InputError('check: give at least one notebook (.ipynb)');
      }
      if (opts.output && notebooks.length > 1) {
        throw new InputError('--output takes one notebook');
      }
      if (opts.timeout) {
        positiveNumber('--timeout', opts.timeout);
      }
      const loaded = notebooks.map(file => ({ file, nb: loadNotebook(file) }));
      const rootDir = commonFolder(notebooks);
      const { openKernelHost } = await import('../kernelHost');
      const host = await openKernelHost({ ...opts, rootDir });
      const reports: INotebookReport[] = [];
      try {
        for (const { file, nb } of loaded) {
          reports.push(await checkNotebook(host, file, nb, opts));
        }
      } finally {
        await host.stop();
      }
      const passed = reports.every(r => r.passed);
      if (!passed) {
        setExitCode(EXIT_PROBLEM);
      }
      if (opts.output) {
        fs.writeFileSync(
          opts.output,
          JSON.stringify(loaded[0].nb, null, 1) + '\n'
        );
      }
      if (opts.junit) {
        fs.writeFileSync(opts.junit, junitXml(junitSuites(reports)));
      }
      if (opts.json) {
        writeJson({ passed, notebooks: reports });
      } else {
        writeText(reports.map(formatNotebook).join('\n'));
      }
    });
}

/** The deepest folder holding every notebook: the private server's root (kernels start inside it). */
function commonFolder(files: string[]): string {
  const dirs = files.map(f => path.resolve(path.dirname(f)).split(path.sep));
  const common: string[] = [];
  for (let i = 0; i < dirs[0].length; i++) {
    if (dirs.every(d => d[i] === dirs[0][i])) {
      common.push(dirs[0][i]);
    } else {
      break;
    }
  }
  return common.join(path.sep) || path.sep;
}
