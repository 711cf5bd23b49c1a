/**
 * The failed cells of the current notebook that the annotation diagnosed, each with a button
 * that takes the user to the cell. Text only.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import { el } from '../dom';

/** A diagnosed failed cell as the inspector shows it. */
export interface IFailedCellItem {
  cellId: string;
  /** 0-based position in the notebook now. */
  index: number;
  category: string;
  title: string;
  /** Rule ids of the environment findings that explain the failure. */
  rules: string[];
}

export function renderFailedCells(
  cells: IFailedCellItem[],
  trans: TranslationBundle,
  goToCell: (cellId: string) => void
): HTMLElement {
  const node = el('section', { className: 'jp-ConvertDoctor-failedCells' });
  node.setAttribute('aria-label', trans.__('Failed cells'));
  const heading = el('h3', { className: 'jp-ConvertDoctor-sectionTitle' });
  heading.textContent = trans.__('Failed cells');
  const list = el('ul', { className: 'jp-ConvertDoctor-failedCellList' });
  for (const cell of cells) {
    const item = el('li', { className: 'jp-ConvertDoctor-failedCell' });
    item.dataset.cellId = cell.cellId;
    item.dataset.category = cell.category;
    const title = el('span', { className: 'jp-ConvertDoctor-failedCellTitle' });
    title.textContent = cell.title;
    item.append(goToCellButton(cell, trans, goToCell), ' ', title);
    list.append(item);
  }
  node.append(heading, list);
  return node;
}

/** A button "Cell n" that activates and scrolls to the cell. */
export function goToCellButton(
  cell: Pick<IFailedCellItem, 'cellId' | 'index'>,
  trans: TranslationBundle,
  goToCell: (cellId: string) => void
): HTMLButtonElement {
  const button = el('button', {
    className: 'jp-ConvertDoctor-goToCell'
  });
  button.type = 'button';
  button.dataset.action = 'go-to-cell';
  button.dataset.cellId = cell.cellId;
  button.textContent = trans.__('Cell %1', cell.index + 1);
  button.title = trans.__('Go to cell %1', cell.index + 1);
  button.addEventListener('click', () => goToCell(cell.cellId));
  return button;
}
