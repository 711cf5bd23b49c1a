/**
 * Diagnoses the failing code cells of one notebook panel and keeps one CellAnnotation per
 * failing cell model, inside that cell's layout (never in the notebook file). Failing cells are
 * found from the cell models' outputs (saved errors, server-side execution, collaborators) and
 * from `NotebookActions.executed`, which the plugin routes here. Its helpers, one job each:
 * CellWatcher (when cells are looked at), readCellError (what a cell's outputs say),
 * CellAnnotation (one cell's diagnosis and its actions), FixCellOffers (the fix cell each
 * annotation offers), AnnotationPlacement (into the cell).
 */
import type { Cell, ICellModel, ICodeCellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { IDisposable } from '@lumino/disposable';

import type { IErrorRecord } from '../core/types';
import { AnnotationPlacement } from './annotationPlacement';
import type { IAnnotatorServices } from './annotatorServices';
import {
  CellAnnotation,
  type ICellAnnotationContext,
  type IRefine,
  publishDiagnosis
} from './cellAnnotation';
import { readCellError } from './cellErrorReading';
import { CellWatcher, type ICellWork } from './cellWatcher';
import type { DiagnosisWidget } from './diagnosisWidget';
import { FixCellOffers } from './fixCellOffers';
import {
  errorFromOutput,
  errorFromReply,
  errorKey,
  hasErrorOutput,
  type IExecutedError,
  type IOutputModel
} from './errorRecord';
import { ANNOTATE_MEASURE, measured } from './timing';

export class NotebookAnnotator implements IDisposable {
  constructor(panel: NotebookPanel, services: IAnnotatorServices) {
    this._cells = {
      panel,
      services,
      fixes: new FixCellOffers(panel, services),
      placement: new AnnotationPlacement(panel.content),
      refineLater: (model, refine) => this._watcher.refineLater(model, refine),
      clear: model => this.clear(model)
    };
    this._watcher = new CellWatcher<IRefine>({
      notebook: panel.content,
      run: (model, work) => this._runWork(model, work),
      swept: present => this._sweep(present)
    });
  }

  get panel(): NotebookPanel {
    return this._cells.panel;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The annotation of a cell model, if it has one. */
  annotationOf(model: ICellModel): DiagnosisWidget | null {
    return this._annotations.get(model)?.widget ?? null;
  }

  /** All annotated cell models (tests, commands). */
  get annotatedCount(): number {
    return this._annotations.size;
  }

  /**
   * Diagnoses a cell from its error output. `force` (explicit commands) ignores the
   * auto-annotation setting and dismissals. Returns whether the cell had an error.
   */
  diagnoseCell(model: ICellModel, force = false): boolean {
    return measured(ANNOTATE_MEASURE, () => this._diagnoseCell(model, force));
  }

  /**
   * Queues every cell holding an error output for diagnosis and returns how many there are
   * (a few cells per task at most, so that a large notebook full of errors stays responsive).
   */
  diagnoseAll(force = false): number {
    return this._watcher.checkAll(force);
  }

  /** From `NotebookActions.executed`: the kernel's own error for this run. */
  onExecuted(cell: Cell, error: IExecutedError): void {
    if (cell.model.type !== 'code') {
      return;
    }
    measured(ANNOTATE_MEASURE, () => {
      // Prefer the error output (identical, and what a reload will see); the reply covers
      // executors that do not write one.
      if (this._diagnoseCell(cell.model, false)) {
        return;
      }
      this._annotate(cell.model, errorFromReply(error, cell.model.id), false);
    });
  }

  private _diagnoseCell(model: ICellModel, force: boolean): boolean {
    if (model.type !== 'code') {
      return false;
    }
    const reading = readCellError(model as ICodeCellModel, force);
    if (reading.kind === 'kernel') {
      // One annotation per error: the kernel's output is it (see CellErrorReading).
      if (this._annotations.has(model)) {
        this.clear(model);
      }
      if (reading.diagnosis) {
        publishDiagnosis(this._cells, model, reading.diagnosis);
      }
    } else if (
      reading.kind === 'error' &&
      // Already diagnosed from this very output (a run reports its error twice: output and
      // reply). Reading it again copies all of it: ~0.1 s for a 10 MB traceback.
      this._annotations.get(model)?.output !== reading.output
    ) {
      const error = errorFromOutput(reading.output, { cell_id: model.id });
      this._annotate(model, error, force, reading.output);
    }
    return reading.kind !== 'none';
  }

  /** Re-run or cleared outputs: the old diagnosis no longer applies. */
  clear(model: ICellModel): void {
    const annotation = this._annotations.get(model);
    if (annotation) {
      this._annotations.delete(model);
      annotation.dispose();
    }
    // Also the kernel's diagnosis published for the inspector (no annotation of ours).
    publishDiagnosis(this._cells, model, null);
  }

  /** Inserts the recipe's fix cell directly below the failing cell (see FixCells.insert). */
  insertFix(model: ICellModel, recipeId?: string): boolean {
    return this._annotations.get(model)?.insertFix(recipeId) ?? false;
  }

  /** Runs our unedited fix cell; only ever called from the user's click or command. */
  async runFix(model: ICellModel): Promise<boolean> {
    return (await this._annotations.get(model)?.runFix()) ?? false;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._watcher.dispose();
    // The annotations first: each takes itself out of the placement and the fix offers.
    for (const annotation of this._annotations.values()) {
      annotation.dispose();
    }
    this._annotations.clear();
    this._cells.placement.dispose();
    this._cells.fixes.dispose();
    this._cells.services.diagnosedCells.clear(this._cells.panel.id);
  }

  private _annotate(
    model: ICellModel,
    error: IErrorRecord,
    force: boolean,
    output: IOutputModel | null = null
  ): void {
    const key = errorKey(error);
    const existing = this._annotations.get(model);
    if (existing && existing.key === key) {
      existing.output = output ?? existing.output;
      return;
    }
    const { panel, services } = this._cells;
    if (
      !force &&
      (!services.autoAnnotate() ||
        services.dismissals.has(panel.context.path, key))
    ) {
      return;
    }
    this.clear(model);
    const options = { model, error, key, output };
    this._annotations.set(model, new CellAnnotation(this._cells, options));
  }

  /** One queued cell's work, measured as ours. */
  private _runWork(model: ICellModel, work: ICellWork<IRefine>): void {
    measured(ANNOTATE_MEASURE, () => {
      if (work.check) {
        if (hasErrorOutput((model as ICodeCellModel).outputs)) {
          this._diagnoseCell(model, work.force);
        } else {
          this.clear(model);
        }
      }
      work.refine?.annotation.refine(work.refine.report);
    });
  }

  /** Cells were removed: forget their annotations; an undone fix cell re-offers Insert. */
  private _sweep(present: Set<ICellModel>): void {
    for (const model of Array.from(this._annotations.keys())) {
      if (!present.has(model)) {
        this.clear(model);
      }
    }
    this._cells.fixes.sweep(present);
  }

  /** What its cells' annotations share. */
  private _cells: ICellAnnotationContext;
  private _watcher: CellWatcher<IRefine>;
  private _isDisposed = false;
  private _annotations = new Map<ICellModel, CellAnnotation>();
}
