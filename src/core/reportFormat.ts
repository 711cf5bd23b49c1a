/**
 * Formats an EnvReport for bug reports: Markdown (for humans, issue threads) and JSON (for tools).
 * Framework-free: the inspector's "Copy report" and the Node CLI share it.
 */
import type { IEnvReport, IFinding, IPackageState } from './types';

/** A watched distribution with its state, in display order. */
export interface IPackageRow {
  distribution: string;
  installed: string | null;
  loaded: string | null;
  /** Imported with a different version than the one installed: the kernel needs a restart. */
  mismatch: boolean;
  /** Other installed distributions that provide the same module: a conflict. */
  alsoProvidedBy: string[];
}

/**
 * True when the module in memory is not the installed distribution (e.g. after `pip install`
 * without a restart). Only comparable when both are known.
 */
export function isVersionMismatch(
  state: IPackageState | null | undefined
): boolean {
  if (!state || !state.installed || !state.loaded) {
    return false;
  }
  return normalizeVersion(state.installed) !== normalizeVersion(state.loaded);
}

// Local version labels (`2.3.0+cpu`) are part of the version; only case and spacing are noise.
function normalizeVersion(version: string): string {
  return version.trim().toLowerCase();
}

/**
 * The report's packages as rows, sorted by name. Tolerates a partial report (missing
 * `packages`, non-object entries) because it may come from an older or broken probe.
 */
export function packageRows(report: Partial<IEnvReport>): IPackageRow[] {
  const packages = report.packages;
  if (!packages || typeof packages !== 'object') {
    return [];
  }
  return Object.keys(packages)
    .sort((a, b) => a.localeCompare(b))
    .map(distribution => {
      const raw = packages[distribution];
      const installed = stringOrNull(raw?.installed);
      const state: IPackageState = {
        installed,
        // A distribution that is not installed is never "loaded": reports from older probes
        // gave tensorflow-gpu the version of tensorflow-cpu's `tensorflow` module.
        loaded: installed ? stringOrNull(raw?.loaded) : null
      };
      const others = Array.isArray(raw?.also_provided_by)
        ? raw.also_provided_by.filter(
            (name): name is string => typeof name === 'string' && name !== ''
          )
        : [];
      return {
        distribution,
        ...state,
        mismatch: isVersionMismatch(state),
        alsoProvidedBy: installed ? others : []
      };
    });
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The report as pretty JSON, exactly the contract (nothing added, nothing dropped). */
export function formatReportJson(report: IEnvReport): string {
  return JSON.stringify(report, null, 2);
}

export interface IMarkdownOptions {
  /** Include rows for watched packages that are not installed (default false: they are noise). */
  includeMissing?: boolean;
  /** Findings from the rules engine, worst first. */
  findings?: IFinding[];
  /** Heading level of the title (default 3, fits inside an issue). */
  headingLevel?: number;
}

/**
 * The report as GitHub-flavoured Markdown. Values from the kernel are escaped so that a
 * hostile version string cannot inject markup (tables, links, HTML) into a bug report.
 */
export function formatReportMarkdown(
  report: Partial<IEnvReport>,
  options: IMarkdownOptions = {}
): string {
  const level = '#'.repeat(Math.min(Math.max(options.headingLevel ?? 3, 1), 6));
  const python = report.python;
  const lines: string[] = [
    `${level} Kernel environment (jupyterlab-convert-doctor)`,
    ''
  ];

  lines.push('| | |', '|---|---|');
  lines.push(
    row(
      'Python',
      python ? `${python.version} (${python.implementation})` : null
    )
  );
  lines.push(row('Executable', python?.executable));
  lines.push(row('Platform', python?.platform));
  lines.push(row('Environment', python?.env_kind));
  lines.push(row('Host', report.host));
  if (report.cuda) {
    lines.push(row('NVIDIA driver', report.cuda.driver));
    lines.push(row('CUDA runtime', report.cuda.cuda_runtime));
    lines.push(row('cuDNN', report.cuda.cudnn));
  }
  if (typeof report.probe_ms === 'number') {
    lines.push(row('Probe time', `${Math.round(report.probe_ms)} ms`));
  }
  lines.push('');

  const rows = packageRows(report);
  const shown = options.includeMissing
    ? rows
    : rows.filter(r => r.installed !== null || r.loaded !== null);
  lines.push('| package | installed | loaded | |', '|---|---|---|---|');
  for (const r of shown) {
    lines.push(
      `| ${escapeMarkdown(r.distribution)} | ${cell(r.installed)} | ${cell(r.loaded)} | ${[
        r.mismatch ? 'differs: restart the kernel' : '',
        r.alsoProvidedBy.length
          ? `same module as ${r.alsoProvidedBy.map(escapeMarkdown).join(', ')}`
          : ''
      ]
        .filter(Boolean)
        .join('; ')} |`
    );
  }
  const missing = rows.filter(r => r.installed === null && r.loaded === null);
  if (!options.includeMissing && missing.length > 0) {
    lines.push(
      '',
      `Not installed: ${missing.map(r => escapeMarkdown(r.distribution)).join(', ')}`
    );
  }

  const wheels = report.cuda?.wheels ?? {};
  const wheelNames = Object.keys(wheels).sort();
  if (wheelNames.length > 0) {
    lines.push(
      '',
      `NVIDIA wheels: ${wheelNames
        .map(n => `${escapeMarkdown(n)} ${escapeMarkdown(String(wheels[n]))}`)
        .join(', ')}`
    );
  }

  const findings = options.findings ?? [];
  if (findings.length > 0) {
    lines.push('', `${level}# Findings`, '');
    for (const f of findings) {
      lines.push(
        `- **${escapeMarkdown(f.severity)}** ${escapeMarkdown(f.message)}`
      );
      for (const source of f.sources) {
        lines.push(`  - source: ${formatSource(source)}`);
      }
    }
  }

  const errors = Array.isArray(report.errors) ? report.errors : [];
  if (errors.length > 0) {
    lines.push(
      '',
      'Probe could not read:',
      ...errors.map(e => `- ${escapeMarkdown(String(e))}`)
    );
  }
  return lines.join('\n') + '\n';
}

// A plain http(s) URL stays clickable (GitHub autolinks it); anything else becomes inert text.
function formatSource(source: string): string {
  return /^https?:\/\/[^\s<>`|]+$/.test(source) ? source : cell(source);
}

function row(label: string, value: string | null | undefined): string {
  return `| ${label} | ${cell(value)} |`;
}

function cell(value: string | null | undefined): string {
  return value === null || value === undefined || value === ''
    ? '—'
    : '`' + escapeCode(String(value)) + '`';
}

// Inside a code span only backticks, pipes and newlines matter.
function escapeCode(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|');
}

/**
 * Escapes Markdown and HTML metacharacters so the text renders literally, on one line: no
 * emphasis, code, links, autolinks (`https://`, `www.`), HTML, table cells, or a list or
 * heading started by the text itself.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\r\n\u2028\u2029]+/g, ' ')
      .replace(/[\\`*_{}[\]()#+!|<>~]/g, ch => `\\${ch}`)
      .replace(/&/g, '&amp;')
      .replace(/:(?=\/\/)/g, '\\:')
      .replace(/\b(www)\./gi, '$1\\.')
      // A list marker or setext underline only counts when a space or the end follows it.
      .replace(
        /^(\s*)(\d{1,9}\.|-|=)(?=\s|$)/,
        (_all, space: string, mark: string) =>
          `${space}${mark.replace(/[-=.]/, ch => `\\${ch}`)}`
      )
  );
}
