/**
 * The inspector's findings section: the rules engine's findings (worst first), each a full
 * finding item, marked and linked when it explains a failed cell's diagnosis.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import type { IFinding } from '../core/types';
import { el } from '../dom';
import { findingItem } from '../findingItem';
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
  const cells = (explained?.cells ?? []).filter(cell =>
    cell.rules.includes(String(finding.rule))
  );
  if (!explained || cells.length === 0) {
    return findingItem(finding, trans, { variant: 'full' });
  }
  // This finding explains a failed cell's diagnosis: point at the cell.
  const note = el('p', { className: 'jp-ConvertDoctor-findingCells' });
  note.append(trans.__('Explains the failure of:'));
  for (const cell of cells) {
    note.append(' ', goToCellButton(cell, trans, explained.goToCell));
  }
  const item = findingItem(finding, trans, { variant: 'full', note });
  item.classList.add('jp-mod-explainsCell');
  return item;
}
