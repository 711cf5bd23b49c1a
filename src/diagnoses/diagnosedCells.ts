/**
 * The failed cells the annotation has diagnosed, per notebook: the annotation publishes here,
 * the inspector reads here (so neither reaches into the other's DOM). Cells are named by their
 * model id, which survives moves; the reader turns it into a position when it shows it.
 */
import { type ISignal, Signal } from '@lumino/signaling';

import type { IDiagnosis } from '../core/types';
import type { IDiagnosedCell, IDiagnosedCells } from '../tokens';

export class DiagnosedCells implements IDiagnosedCells {
  /** The diagnoses of this notebook (a notebook panel id) changed. */
  get changed(): ISignal<this, string> {
    return this._changed;
  }

  /** This notebook's diagnosed cells, in the order they were diagnosed. */
  of(notebookId: string): IDiagnosedCell[] {
    const cells = this._notebooks.get(notebookId);
    return cells
      ? Array.from(cells, ([cellId, diagnosis]) => ({ cellId, diagnosis }))
      : [];
  }

  /** Publishes (or replaces) the diagnosis of one cell. */
  set(notebookId: string, cellId: string, diagnosis: IDiagnosis): void {
    let cells = this._notebooks.get(notebookId);
    if (!cells) {
      cells = new Map();
      this._notebooks.set(notebookId, cells);
    }
    if (cells.get(cellId) === diagnosis) {
      return;
    }
    cells.set(cellId, diagnosis);
    this._changed.emit(notebookId);
  }

  /** The cell's diagnosis is gone (re-run, outputs cleared, dismissed, cell deleted). */
  delete(notebookId: string, cellId: string): void {
    const cells = this._notebooks.get(notebookId);
    if (cells?.delete(cellId)) {
      if (cells.size === 0) {
        this._notebooks.delete(notebookId);
      }
      this._changed.emit(notebookId);
    }
  }

  /** The notebook closed: forget all of its cells. */
  clear(notebookId: string): void {
    if (this._notebooks.delete(notebookId)) {
      this._changed.emit(notebookId);
    }
  }

  private _notebooks = new Map<string, Map<string, IDiagnosis>>();
  private _changed = new Signal<this, string>(this);
}
