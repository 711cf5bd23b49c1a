/**
 * Shows in the inspector the failed cells the annotation diagnosed in the current notebook, and
 * takes the user to one on request. Reads the published diagnoses only (no DOM of the
 * annotation); follows the current notebook and its cell moves, so cell numbers stay right.
 */
import type {
  INotebookModel,
  INotebookTracker,
  NotebookPanel
} from '@jupyterlab/notebook';
import type { IDisposable } from '@lumino/disposable';

import type { InspectorView } from './InspectorView';
import type { IFailedCellItem } from './renderFailedCells';
import type { IDiagnosedCells } from '../tokens';

export class FailedCellsLink implements IDisposable {
  constructor(options: FailedCellsLink.IOptions) {
    this._tracker = options.tracker;
    this._diagnosed = options.diagnosedCells;
    this._view = options.view;
    this._activate = options.activate;
    this._tracker.currentChanged.connect(this._onCurrentChanged, this);
    this._diagnosed.changed.connect(this._onDiagnosesChanged, this);
    this._onCurrentChanged();
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Activates the notebook, makes the cell the active one and scrolls it into view. */
  goToCell(cellId: string): void {
    const panel = this._panel;
    const index = panel ? this._indexOf(panel, cellId) : -1;
    if (!panel || index < 0) {
      return;
    }
    this._activate(panel);
    panel.content.activeCellIndex = index;
    void panel.content.scrollToItem(index, 'center');
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._follow(null);
    this._tracker.currentChanged.disconnect(this._onCurrentChanged, this);
    this._diagnosed.changed.disconnect(this._onDiagnosesChanged, this);
  }

  private _onCurrentChanged(): void {
    this._follow(this._tracker.currentWidget);
    this._update();
  }

  private _onDiagnosesChanged(_: IDiagnosedCells, notebookId: string): void {
    if (this._panel?.id === notebookId) {
      this._scheduleUpdate();
    }
  }

  /**
   * Diagnoses and cell moves arrive in bursts (a notebook opened with hundreds of saved errors,
   * Run All): the list is rebuilt once per frame, not once per change.
   */
  private _scheduleUpdate(): void {
    if (this._updatePending || this._isDisposed) {
      return;
    }
    this._updatePending = true;
    const run = () => {
      this._updatePending = false;
      if (!this._isDisposed) {
        this._update();
      }
    };
    if (typeof requestAnimationFrame === 'function') {
      requestAnimationFrame(run);
    } else {
      setTimeout(run, 0);
    }
  }

  /** Watches the cell list of this panel (insertions, moves, deletions change the numbers). */
  private _follow(panel: NotebookPanel | null): void {
    if (this._panel) {
      this._panel.content.modelChanged.disconnect(this._onModelChanged, this);
    }
    this._watchCells(null);
    this._panel = panel;
    if (panel) {
      panel.content.modelChanged.connect(this._onModelChanged, this);
      this._watchCells(panel.content.model);
    }
  }

  private _onModelChanged(): void {
    this._watchCells(this._panel?.content.model ?? null);
    this._update();
  }

  private _watchCells(model: INotebookModel | null): void {
    this._cells?.changed.disconnect(this._scheduleUpdate, this);
    this._cells = model?.cells ?? null;
    this._cells?.changed.connect(this._scheduleUpdate, this);
  }

  private _indexOf(panel: NotebookPanel, cellId: string): number {
    const cells = panel.content.model?.cells;
    for (let index = 0; cells && index < cells.length; index++) {
      if (cells.get(index).id === cellId) {
        return index;
      }
    }
    return -1;
  }

  private _update(): void {
    const panel = this._panel;
    const items: IFailedCellItem[] = [];
    const diagnosed = panel ? this._diagnosed.of(panel.id) : [];
    if (panel && diagnosed.length > 0) {
      // One pass over the cells for all diagnoses (not one per diagnosis).
      const indexById = new Map<string, number>();
      const cells = panel.content.model?.cells;
      for (let index = 0; cells && index < cells.length; index++) {
        indexById.set(cells.get(index).id, index);
      }
      for (const { cellId, diagnosis } of diagnosed) {
        const index = indexById.get(cellId) ?? -1;
        if (index >= 0) {
          items.push({
            cellId,
            index,
            category: diagnosis.category,
            title: diagnosis.title,
            rules: diagnosis.findings.map(finding => String(finding.rule))
          });
        }
      }
      items.sort((a, b) => a.index - b.index);
    }
    const unchanged =
      items.length === this._shown.length &&
      items.every(
        (item, i) =>
          item.cellId === this._shown[i].cellId &&
          item.index === this._shown[i].index &&
          item.title === this._shown[i].title &&
          item.rules.join() === this._shown[i].rules.join()
      );
    if (!unchanged) {
      this._shown = items;
      this._view.setFailedCells(items, cellId => this.goToCell(cellId));
    }
  }

  private _tracker: INotebookTracker;
  private _diagnosed: IDiagnosedCells;
  private _view: InspectorView;
  private _activate: (panel: NotebookPanel) => void;
  private _panel: NotebookPanel | null = null;
  private _cells: INotebookModel['cells'] | null = null;
  private _shown: IFailedCellItem[] = [];
  private _updatePending = false;
  private _isDisposed = false;
}

export namespace FailedCellsLink {
  export interface IOptions {
    tracker: INotebookTracker;
    diagnosedCells: IDiagnosedCells;
    view: InspectorView;
    /** Brings the notebook panel to the front. */
    activate: (panel: NotebookPanel) => void;
  }
}
