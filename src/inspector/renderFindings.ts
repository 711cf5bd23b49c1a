/**
 * Renders the rules engine's findings (worst first): severity, message, explanation, source
 * links and fixes. Text only; a link is made only from an http(s) URL.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import type { IFinding } from '../core/types';
import { webLink } from '../core/webLink';
import { el, externalLink } from '../dom';
import { knownSeverity, severityBadge } from '../severityBadge';
import { goToCellButton, type IFailedCellItem } from './renderFailedCells';

/** The failed cells a finding explains, and how to go to them. */
export interface IExplainedCells {
  cells: IFailedCellItem[];
  goToCell: (cellId: string) => void;
}

export function renderFindings(
  findings: IFinding[],
  trans: TranslationBundle,
  explained?: IExplainedCells
): HTMLElement {
  const node = el('section', { className: 'jp-ConvertDoctor-findings' });
  node.setAttribute('aria-label', trans.__('Findings'));
  const heading = el('h3', { className: 'jp-ConvertDoctor-sectionTitle' });
  heading.textContent = trans.__('Findings');
  node.append(heading);
  if (findings.length === 0) {
    const none = el('p', { className: 'jp-ConvertDoctor-empty' });
    none.textContent = trans.__(
      'No known incompatibility among these versions.'
    );
    node.append(none);
    return node;
  }
  const list = el('ul', { className: 'jp-ConvertDoctor-findingList' });
  for (const finding of findings) {
    list.append(renderFinding(finding, trans, explained));
  }
  node.append(list);
  return node;
}

function renderFinding(
  finding: IFinding,
  trans: TranslationBundle,
  explained?: IExplainedCells
): HTMLElement {
  const severity = knownSeverity(finding.severity);
  const item = el('li', {
    className: `jp-ConvertDoctor-finding jp-mod-${severity}`
  });
  item.dataset.rule = String(finding.rule ?? '');
  item.dataset.severity = severity;

  const badge = severityBadge(severity, trans, 'jp-ConvertDoctor-severity');
  const message = el('span', { className: 'jp-ConvertDoctor-findingMessage' });
  message.textContent = String(finding.message ?? '');
  const title = el('p', { className: 'jp-ConvertDoctor-findingTitle' });
  title.append(badge, ' ', message);
  item.append(title);

  if (finding.explanation) {
    const explanation = el('p', {
      className: 'jp-ConvertDoctor-findingExplanation'
    });
    explanation.textContent = String(finding.explanation);
    item.append(explanation);
  }
  const fixes = Array.isArray(finding.fix) ? finding.fix : [];
  if (fixes.length > 0) {
    const fix = el('p', { className: 'jp-ConvertDoctor-findingFix' });
    fix.textContent = trans.__('Fix: %1', fixes.map(String).join('; '));
    item.append(fix);
  }
  const cells = (explained?.cells ?? []).filter(cell =>
    cell.rules.includes(String(finding.rule))
  );
  if (explained && cells.length > 0) {
    // This finding explains a failed cell's diagnosis: point at the cell.
    item.classList.add('jp-mod-explainsCell');
    const note = el('p', { className: 'jp-ConvertDoctor-findingCells' });
    note.append(trans.__('Explains the failure of:'));
    for (const cell of cells) {
      note.append(' ', goToCellButton(cell, trans, explained.goToCell));
    }
    item.append(note);
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

function sourceLink(source: string): HTMLElement {
  const href = webLink(source);
  if (!href) {
    return el('span', { text: source });
  }
  return externalLink(source, href);
}
