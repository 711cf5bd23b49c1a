/**
 * Diagnoses the failing code cells of one notebook panel and keeps one annotation widget per
 * failing cell model, inside that cell's layout (never in the notebook file). Failing cells are
 * found from the cell models' outputs (saved errors, server-side execution, collaborators) and
 * from `NotebookActions.executed`, which the plugin routes here. Its helpers, one job each:
 * CellWatcher (when cells are looked at), readCellError (what a cell's outputs say),
 * FixCellOffers (the fix cell each annotation offers), AnnotationPlacement (into the cell).
 */
import type { Cell, ICellModel, ICodeCellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { IDisposable } from '@lumino/disposable';

import { diagnosisToMarkdown } from '../core/diagnosisMarkdown';
import type { IDiagnosis, IEnvReport, IErrorRecord } from '../core/types';
import { AnnotationPlacement } from './annotationPlacement';
import type { IAnnotatorServices } from './annotatorServices';
import { readCellError } from './cellErrorReading';
import { CellWatcher, type ICellWork } from './cellWatcher';
import { DiagnosisWidget } from './diagnosisWidget';
import { FixCellOffers } from './fixCellOffers';
import {
  boundErrorRecord,
  errorFromOutput,
  errorKey,
  hasErrorOutput,
  type IOutputModel
} from './errorRecord';
import { ANNOTATE_MEASURE, measured, PUBLISH_MEASURE } from './timing';

interface IEntry {
  widget: DiagnosisWidget;
  key: string;
  error: IErrorRecord;
  env: IEnvReport | null;
  /** The error output it was read from (null: from the execute reply). */
  output: IOutputModel | null;
}

/** Queued later work: re-diagnose this annotation with the kernel's report, which came later. */
interface IRefine {
  entry: IEntry;
  report: IEnvReport;
}

export class NotebookAnnotator implements IDisposable {
  constructor(panel: NotebookPanel, services: IAnnotatorServices) {
    this._panel = panel;
    this._services = services;
    this._fixes = new FixCellOffers(panel, services);
    this._placement = new AnnotationPlacement(panel.content);
    this._watcher = new CellWatcher<IRefine>({
      notebook: panel.content,
      run: (model, work) => this._runWork(model, work),
      swept: present => this._sweep(present)
    });
  }

  get panel(): NotebookPanel {
    return this._panel;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The annotation of a cell model, if it has one. */
  annotationOf(model: ICellModel): DiagnosisWidget | null {
    return this._entries.get(model)?.widget ?? null;
  }

  /** All annotated cell models (tests, commands). */
  get annotatedCount(): number {
    return this._entries.size;
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
  onExecuted(
    cell: Cell,
    error: { errorName: string; errorValue: string; traceback: string[] }
  ): void {
    if (cell.model.type !== 'code') {
      return;
    }
    measured(ANNOTATE_MEASURE, () => {
      // Prefer the error output (identical, and what a reload will see); the reply covers
      // executors that do not write one.
      if (this._diagnoseCell(cell.model, false)) {
        return;
      }
      this._annotate(
        cell.model,
        boundErrorRecord({
          ename: error.errorName,
          evalue: error.errorValue,
          traceback: error.traceback ?? [],
          cell_id: cell.model.id
        }),
        false
      );
    });
  }

  private _diagnoseCell(model: ICellModel, force: boolean): boolean {
    if (model.type !== 'code') {
      return false;
    }
    const reading = readCellError(model as ICodeCellModel, force);
    if (reading.kind === 'kernel') {
      // One annotation per error: the kernel's output is it (see CellErrorReading).
      if (this._entries.has(model)) {
        this.clear(model);
      }
      if (reading.diagnosis) {
        this._publish(model, reading.diagnosis);
      }
    } else if (
      reading.kind === 'error' &&
      // Already diagnosed from this very output (a run reports its error twice: output and
      // reply). Reading it again copies all of it: ~0.1 s for a 10 MB traceback.
      this._entries.get(model)?.output !== reading.output
    ) {
      const error = errorFromOutput(reading.output, { cell_id: model.id });
      this._annotate(model, error, force, reading.output);
    }
    return reading.kind !== 'none';
  }

  /** Re-run or cleared outputs: the old diagnosis no longer applies. */
  clear(model: ICellModel): void {
    const entry = this._entries.get(model);
    if (entry) {
      this._entries.delete(model);
      this._placement.cancel(model);
      this._fixes.withdraw(model);
      entry.widget.dispose();
    }
    // Also the kernel's diagnosis published for the inspector (no entry of ours).
    this._publish(model, null);
  }

  /** Publishes a cell's diagnosis for the inspector (null: it has none any more). */
  private _publish(model: ICellModel, diagnosis: IDiagnosis | null): void {
    const cells = this._services.diagnosedCells;
    measured(PUBLISH_MEASURE, () =>
      diagnosis
        ? cells.set(this._panel.id, model.id, diagnosis)
        : cells.delete(this._panel.id, model.id)
    );
  }

  /** Inserts the recipe's fix cell directly below the failing cell (see FixCells.insert). */
  insertFix(model: ICellModel, recipeId?: string): boolean {
    const entry = this._entries.get(model);
    return !!entry && this._fixes.insert(model, entry.widget, recipeId);
  }

  /** Runs our unedited fix cell; only ever called from the user's click or command. */
  async runFix(model: ICellModel): Promise<boolean> {
    return this._entries.has(model) ? this._fixes.run(model) : false;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._watcher.dispose();
    this._placement.dispose();
    this._fixes.dispose();
    for (const entry of this._entries.values()) {
      entry.widget.dispose();
    }
    this._entries.clear();
    this._services.diagnosedCells.clear(this._panel.id);
  }

  private _annotate(
    model: ICellModel,
    error: IErrorRecord,
    force: boolean,
    output: IOutputModel | null = null
  ): void {
    const key = errorKey(error);
    const existing = this._entries.get(model);
    if (existing && existing.key === key) {
      existing.output = output ?? existing.output;
      return;
    }
    const path = this._panel.context.path;
    if (!force) {
      if (
        !this._services.autoAnnotate() ||
        this._services.dismissals.has(path, key)
      ) {
        return;
      }
    }
    this.clear(model);

    const kernel = this._panel.sessionContext.session?.kernel ?? null;
    const env = this._services.envReports.latest(kernel);
    const diagnosis = this._services.diagnose(
      error,
      env ?? undefined,
      model.sharedModel.getSource()
    );
    const widget = new DiagnosisWidget({
      diagnosis,
      recipes: this._fixes.recipesFor(diagnosis),
      trans: this._services.trans,
      actions: {
        insertFix: recipeId => this.insertFix(model, recipeId),
        runFix: () => void this.runFix(model),
        copy: () => this._copy(model),
        dismiss: () => this._dismiss(model),
        openInspector: this._services.openInspector
      }
    });
    const entry: IEntry = { key, error, env, output, widget };
    this._entries.set(model, entry);
    this._publish(model, diagnosis);
    this._fixes.offer(model, widget);
    void this._placement.place(
      model,
      widget,
      () => this._entries.get(model) === entry
    );

    if (!env && kernel) {
      // The first failure in a kernel asks it once; later ones reuse the report. A report
      // arriving for hundreds of saved errors at once is applied a few cells per task.
      void this._services.envReports.ensure(kernel).then(report => {
        if (report && this._entries.get(model) === entry) {
          this._watcher.refineLater(model, { entry, report });
        }
      });
    }
  }

  private _refine(model: ICellModel, entry: IEntry, report: IEnvReport): void {
    if (this._entries.get(model) !== entry || entry.widget.isDisposed) {
      return;
    }
    const error = entry.error;
    entry.env = report;
    const refined = this._services.diagnose(
      error,
      report,
      model.sharedModel.getSource()
    );
    entry.widget.render(refined, this._fixes.recipesFor(refined));
    this._publish(model, refined);
    this._fixes.offer(model, entry.widget);
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
      if (work.refine) {
        this._refine(model, work.refine.entry, work.refine.report);
      }
    });
  }

  private _copy(model: ICellModel): void {
    const entry = this._entries.get(model);
    if (entry) {
      this._services.copy(
        diagnosisToMarkdown(entry.widget.diagnosis, {
          error: entry.error,
          env: entry.env
        })
      );
    }
  }

  private _dismiss(model: ICellModel): void {
    const entry = this._entries.get(model);
    if (entry) {
      this._services.dismissals.add(this._panel.context.path, entry.key);
      this.clear(model);
    }
  }

  /** Cells were removed: forget their annotations; an undone fix cell re-offers Insert. */
  private _sweep(present: Set<ICellModel>): void {
    for (const model of Array.from(this._entries.keys())) {
      if (!present.has(model)) {
        this.clear(model);
      }
    }
    this._fixes.sweep(present);
  }

  private _panel: NotebookPanel;
  private _services: IAnnotatorServices;
  private _fixes: FixCellOffers;
  private _watcher: CellWatcher<IRefine>;
  private _isDisposed = false;
  private _entries = new Map<ICellModel, IEntry>();
  private _placement: AnnotationPlacement;
}
