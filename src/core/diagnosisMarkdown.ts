/**
 * A diagnosis as Markdown, for the annotation's "Copy" (pasted into bug reports and issue
 * threads). Framework-free; text from the traceback goes into code fences only, so Markdown
 * renderers show it as typed.
 */
import { stripAnsi } from './ansi';
import { escapeMarkdown } from './reportFormat';
import type { IDiagnosis, IEnvReport, IErrorRecord } from './types';

/** Longest evidence / error line kept in the Markdown. */
const MAX_LINE = 2000;

export interface IDiagnosisMarkdownOptions {
  /** The error that was diagnosed (its `ename: evalue` line is included). */
  error?: IErrorRecord;
  /** The environment report the diagnosis used (Python and the packages findings name). */
  env?: IEnvReport | null;
}

export function diagnosisToMarkdown(
  diagnosis: IDiagnosis,
  options: IDiagnosisMarkdownOptions = {}
): string {
  const unknown = diagnosis.category === 'unknown';
  const lines: string[] = [];
  lines.push(
    unknown
      ? '### Convert Doctor: no known cause'
      : `### Convert Doctor: ${inline(diagnosis.title)}`
  );
  lines.push('');
  lines.push(`- category: \`${inline(diagnosis.category)}\``);
  if (!unknown) {
    lines.push(`- cause: ${diagnosis.cause ?? 'not determined'}`);
    lines.push(`- confidence: ${diagnosis.confidence.toFixed(2)}`);
  }
  if (options.error) {
    lines.push('');
    lines.push('Error:');
    lines.push(
      fence(
        bound(
          `${options.error.ename}: ${stripAnsi(options.error.evalue)}`.split(
            '\n'
          )[0]
        )
      )
    );
  }
  if (diagnosis.evidence) {
    lines.push('');
    lines.push('Evidence (the traceback line that decided it):');
    lines.push(fence(bound(diagnosis.evidence)));
  }
  if (!unknown && diagnosis.explanation) {
    lines.push('');
    lines.push(diagnosis.explanation);
  }
  if (diagnosis.findings.length > 0) {
    lines.push('');
    lines.push('Environment findings:');
    for (const finding of diagnosis.findings) {
      lines.push(
        `- **${finding.severity}** \`${inline(finding.rule)}\`: ${text(finding.message)}`
      );
    }
  }
  const env = options.env;
  if (env) {
    lines.push('');
    lines.push('Environment:');
    lines.push(
      `- Python ${text(env.python.version)} (${text(env.python.env_kind)}, ${text(env.python.platform)}), host ${text(env.host)}`
    );
    for (const name of relevantPackages(diagnosis, env)) {
      const state = env.packages[name];
      const loaded =
        state.loaded && state.loaded !== state.installed
          ? ` (loaded ${text(state.loaded)})`
          : '';
      lines.push(
        `- ${text(name)} ${text(state.installed ?? 'not installed')}${loaded}`
      );
    }
  }
  if (diagnosis.fixes.length > 0) {
    lines.push('');
    lines.push(
      `Fix recipes: ${diagnosis.fixes.map(id => `\`${inline(id)}\``).join(', ')}`
    );
  }
  if (diagnosis.sources.length > 0) {
    lines.push('');
    lines.push('Sources:');
    for (const source of diagnosis.sources) {
      lines.push(`- <${inline(source).replace(/[<>]/g, '')}>`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Installed packages the findings name, else every installed watched package. */
function relevantPackages(diagnosis: IDiagnosis, env: IEnvReport): string[] {
  const named = new Set<string>();
  for (const finding of diagnosis.findings) {
    Object.keys(finding.packages).forEach(name => named.add(name));
  }
  const all = Object.keys(env.packages).sort((a, b) => a.localeCompare(b));
  const chosen =
    named.size > 0
      ? all.filter(name => named.has(name))
      : all.filter(name => env.packages[name]?.installed);
  return chosen.filter(name => env.packages[name]);
}

/** A fenced block whose fence is longer than any backtick run inside. */
function fence(text: string): string {
  const longest = Math.max(
    2,
    ...(text.match(/`+/g) ?? []).map(run => run.length)
  );
  const marks = '`'.repeat(longest + 1);
  return `${marks}text\n${text}\n${marks}`;
}

function bound(text: string): string {
  return text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text;
}

// Single-line text: newlines would break list items and headings.
function inline(text: string): string {
  return bound(text.replace(/[\r\n]+/g, ' '));
}

// Text that holds strings from the kernel (versions, names, messages quoting them): rendered
// literally, so a hostile version string cannot add markup, links or HTML to a bug report.
function text(value: string): string {
  return escapeMarkdown(bound(String(value)));
}
