/**
 * The severity badge of a finding, one for the inspector's findings and the cell annotation: the
 * same words and the same data attribute, so a finding reads alike in both places.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import type { Severity } from './core/types';
import { el } from './dom';

/** A severity from untrusted data (a kernel's bundle), with anything unknown read as `info`. */
export function knownSeverity(value: unknown): Severity {
  return value === 'error' || value === 'warning' ? value : 'info';
}

export function severityBadge(
  severity: Severity,
  trans: TranslationBundle,
  className: string
): HTMLSpanElement {
  const text =
    severity === 'error'
      ? trans.__('Error')
      : severity === 'warning'
        ? trans.__('Warning')
        : trans.__('Info');
  return el('span', { className, text });
}
