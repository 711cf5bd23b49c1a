/**
 * Environment rules (knowledge/rules.json) evaluated on a kernel's EnvReport. Generic: each
 * rule is a list of declarative conditions; no rule has code of its own.
 */
import { evaluateAll, Witness } from './conditions';
import { IRule, IRulesFile } from './knowledge';
import { IEnvReport, IFinding, Severity } from './types';

const SEVERITY_ORDER: { [s in Severity]: number } = {
  error: 0,
  warning: 1,
  info: 2
};

/** `{name}` placeholders in a message become the version that made the rule fire. */
function fillMessage(message: string, witness: Witness): string {
  return message.replace(/\{([\w.-]+)\}/g, (whole, name: string) => {
    const value = witness[name];
    return value === undefined
      ? whole
      : value === null
        ? 'not installed'
        : value;
  });
}

function toFinding(rule: IRule, witness: Witness): IFinding {
  return {
    rule: rule.id,
    severity: rule.severity,
    message: fillMessage(rule.message, witness),
    explanation: rule.explanation,
    sources: rule.sources,
    fix: rule.fix,
    packages: witness
  };
}

/** The findings of every rule that fires on `report`, worst first (then in file order). */
export function evaluateRules(
  report: IEnvReport,
  rules: IRulesFile
): IFinding[] {
  if (
    !report ||
    typeof report !== 'object' ||
    typeof report.packages !== 'object'
  ) {
    throw new Error(
      'evaluateRules: not an environment report (no "packages" object)'
    );
  }
  const findings: IFinding[] = [];
  for (const rule of rules.rules) {
    const witness = evaluateAll(rule.when, report);
    if (witness) {
      findings.push(toFinding(rule, witness));
    }
  }
  // Array.prototype.sort is stable: equal severities keep file order.
  return findings.sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
  );
}
