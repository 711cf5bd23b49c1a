/**
 * One finding of the rules engine as a list item, the one renderer for both places that show
 * findings: the inspector (`full`: message, explanation, fix and source links) and a cell's
 * annotation (`compact`: severity and message on one line). Text only, set as textContent; a
 * source becomes a link only from an http(s) URL.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import { boundText } from './core/boundText';
import type { IFinding } from './core/types';
import { webLink } from './core/webLink';
import { el, externalLink } from './dom';
import { knownSeverity, severityBadge } from './severityBadge';

/** Longest message in a compact item; the full item shows it whole. */
export const MAX_COMPACT_MESSAGE_CHARS = 500;

export interface IFindingItemOptions {
  variant: 'compact' | 'full';
  /** Full items only: shown after the fix, before the sources (the cells a finding explains). */
  note?: HTMLElement;
}

/** The class names each variant is styled and tested by (style/inspector.css, annotation.css). */
const CLASSES = {
  full: {
    item: 'jp-ConvertDoctor-finding',
    badge: 'jp-ConvertDoctor-severity'
  },
  compact: {
    item: 'jp-ConvertDoctor-diagnosisFinding',
    badge: 'jp-ConvertDoctor-diagnosisSeverity'
  }
};

export function findingItem(
  finding: IFinding,
  trans: TranslationBundle,
  options: IFindingItemOptions
): HTMLLIElement {
  const { variant } = options;
  const severity = knownSeverity(finding.severity);
  const item = el('li', { className: CLASSES[variant].item });
  item.dataset.rule = String(finding.rule ?? '');
  item.dataset.severity = severity;
  const message = String(finding.message ?? '');
  const head = [
    severityBadge(severity, trans, CLASSES[variant].badge),
    ' ',
    el('span', {
      className: 'jp-ConvertDoctor-findingMessage',
      text:
        variant === 'compact'
          ? boundText(message, MAX_COMPACT_MESSAGE_CHARS)
          : message
    })
  ];
  if (variant === 'compact') {
    item.append(...head);
    return item;
  }

  item.classList.add(`jp-mod-${severity}`);
  const title = el('p', { className: 'jp-ConvertDoctor-findingTitle' });
  title.append(...head);
  item.append(title);
  if (finding.explanation) {
    item.append(
      el('p', {
        className: 'jp-ConvertDoctor-findingExplanation',
        text: String(finding.explanation)
      })
    );
  }
  const fixes = Array.isArray(finding.fix) ? finding.fix : [];
  if (fixes.length > 0) {
    item.append(
      el('p', {
        className: 'jp-ConvertDoctor-findingFix',
        text: trans.__('Fix: %1', fixes.map(String).join('; '))
      })
    );
  }
  if (options.note) {
    item.append(options.note);
  }
  const sources = Array.isArray(finding.sources) ? finding.sources : [];
  if (sources.length > 0) {
    const list = el('ul', { className: 'jp-ConvertDoctor-findingSources' });
    list.setAttribute('aria-label', trans.__('Sources'));
    for (const source of sources) {
      const li = el('li');
      li.append(sourceLink(String(source)));
      list.append(li);
    }
    item.append(list);
  }
  return item;
}

/** A link for an http(s) source, plain text for anything else. */
function sourceLink(source: string): HTMLElement {
  const href = webLink(source);
  return href ? externalLink(source, href) : el('span', { text: source });
}
