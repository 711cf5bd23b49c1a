/**
 * The diagnosis the kernel extension (`%load_ext jupyterlab_convert_doctor`) displays under a
 * failed cell, as `application/vnd.convert-doctor.diagnosis+json`. Whatever a kernel sends is
 * untrusted: its shape is checked here, every text bounded, and anything malformed becomes a
 * short reason to show instead (never an exception).
 */
import type { ICodeCellModel } from '@jupyterlab/cells';

import { boundText } from '../core/boundText';
import type { CauseKind, IDiagnosis, IFinding, Severity } from '../core/types';
import type { IOutputModel } from './errorRecord';

export const KERNEL_DIAGNOSIS_MIME =
  'application/vnd.convert-doctor.diagnosis+json';

/** Longest text kept from one field (the annotation shows less; Copy keeps this much). */
const MAX_FIELD_CHARS = 8 * 1024;
const MAX_LIST = 32;
/** Ids (categories, recipes, rules): what the knowledge base uses, nothing that needs escaping. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const CAUSES: CauseKind[] = ['environment', 'code', 'model file', 'data'];
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

export type KernelDiagnosisResult =
  { ok: true; diagnosis: IDiagnosis } | { ok: false; reason: string };

/** The kernel's diagnosis object, checked; `diagnosis.recipes` are the ids the kernel offers. */
export function readKernelDiagnosis(value: unknown): KernelDiagnosisResult {
  if (!isRecord(value)) {
    return fail('it is not a JSON object');
  }
  const { category, confidence, title, evidence } = value;
  if (typeof category !== 'string' || !ID.test(category)) {
    return fail('"category" is not a category id');
  }
  if (
    typeof confidence !== 'number' ||
    !Number.isFinite(confidence) ||
    confidence < 0 ||
    confidence > 1
  ) {
    return fail('"confidence" is not a number from 0 to 1');
  }
  if (typeof title !== 'string') {
    return fail('"title" is not text');
  }
  if (typeof evidence !== 'string') {
    return fail('"evidence" is not text');
  }
  if (!Array.isArray(value.recipes)) {
    return fail('"recipes" is not a list');
  }
  const cause = CAUSES.find(kind => kind === value.cause) ?? null;
  return {
    ok: true,
    diagnosis: {
      category,
      confidence,
      evidence: bound(evidence),
      cause,
      title: bound(title),
      explanation: bound(optionalText(value.explanation)),
      sources: texts(value.sources),
      fixes: texts(value.fixes),
      recipes: ids(value.recipes),
      findings: findings(value.findings),
      ...(typeof value.signature === 'string' && ID.test(value.signature)
        ? { signature: value.signature }
        : {})
    }
  };
}

/**
 * The kernel extension's diagnosis output for a cell's last error: a display output with our
 * mime type after that error output (post_run_cell displays it right after the error).
 */
export function kernelDiagnosisAfter(
  outputs: ICodeCellModel['outputs'],
  error: IOutputModel
): IOutputModel | null {
  let seenError = false;
  for (let index = 0; index < outputs.length; index++) {
    const output = outputs.get(index);
    if (output === error) {
      seenError = true;
    } else if (
      seenError &&
      (output.type === 'display_data' ||
        output.type === 'update_display_data') &&
      KERNEL_DIAGNOSIS_MIME in output.data
    ) {
      return output;
    }
  }
  return null;
}

function findings(value: unknown): IFinding[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const kept: IFinding[] = [];
  for (const item of value.slice(0, MAX_LIST)) {
    // A finding the annotation cannot show truthfully is left out, not guessed at.
    if (
      !isRecord(item) ||
      typeof item.rule !== 'string' ||
      !ID.test(item.rule) ||
      typeof item.message !== 'string'
    ) {
      continue;
    }
    const severity = SEVERITIES.find(s => s === item.severity);
    if (!severity) {
      continue;
    }
    kept.push({
      rule: item.rule,
      severity,
      message: bound(item.message),
      explanation: bound(optionalText(item.explanation)),
      sources: texts(item.sources),
      fix: texts(item.fix),
      packages: packages(item.packages)
    });
  }
  return kept;
}

function packages(value: unknown): IFinding['packages'] {
  const kept: IFinding['packages'] = {};
  if (isRecord(value)) {
    for (const [name, version] of Object.entries(value).slice(0, MAX_LIST)) {
      if (ID.test(name) && (version === null || typeof version === 'string')) {
        kept[name] = version === null ? null : version.slice(0, 200);
      }
    }
  }
  return kept;
}

function texts(value: unknown): string[] {
  return Array.isArray(value)
    ? value
        .slice(0, MAX_LIST)
        .filter((item): item is string => typeof item === 'string')
        .map(bound)
    : [];
}

function ids(value: unknown): string[] {
  return Array.isArray(value)
    ? value
        .slice(0, MAX_LIST)
        .filter(
          (item): item is string => typeof item === 'string' && ID.test(item)
        )
    : [];
}

function optionalText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bound(text: string): string {
  return boundText(text, MAX_FIELD_CHARS);
}

function fail(reason: string): KernelDiagnosisResult {
  return { ok: false, reason };
}
