/** Human-readable text of findings and diagnoses (the `--json` output is the objects). */
import { SHIPPED_KNOWLEDGE } from '../core/shippedKnowledge';
import { IDiagnosis, IFinding } from '../core/types';
import { colour } from './io';

const SEVERITY_COLOUR = {
  error: 'red',
  warning: 'yellow',
  info: 'dim'
} as const;

export function formatFinding(f: IFinding): string {
  return `  [${colour(SEVERITY_COLOUR[f.severity], f.severity)}] ${f.message}\n    fix: ${f.fix.join('; ') || '-'}\n    source: ${f.sources[0] ?? '-'}`;
}

export function formatFindings(findings: IFinding[]): string {
  return findings.length
    ? findings.map(formatFinding).join('\n')
    : 'no findings';
}

/** A fix id as the user reads it: the recipe's title when it is a recipe. */
export function describeFix(fix: string): string {
  const recipe = SHIPPED_KNOWLEDGE.recipes.find(r => r.id === fix);
  return recipe ? `${recipe.title} (recipe ${recipe.id})` : fix;
}

export function formatDiagnosis(d: IDiagnosis): string {
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

/** True when a finding means the environment has a problem (exit 1). */
export function isProblem(f: IFinding): boolean {
  return f.severity === 'error' || f.severity === 'warning';
}
