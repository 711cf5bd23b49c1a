/**
 * One failing cell's annotation: the diagnosis of its error, shown in the cell, published for
 * the inspector and offering the fix cell; diagnosed again once the kernel's environment report
 * comes, if it came after the error. Which cells have one is the NotebookAnnotator's decision.
 */
import type { ICellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { IDisposable } from '@lumino/disposable';

import { diagnosisToMarkdown } from '../core/diagnosisMarkdown';
import type { IDiagnosis, IEnvReport, IErrorRecord } from '../core/types';
import type { AnnotationPlacement } from './annotationPlacement';
import type { IAnnotatorServices } from './annotatorServices';
import { DiagnosisWidget } from './diagnosisWidget';
import type { IOutputModel } from './errorRecord';
import type { FixCellOffers } from './fixCellOffers';
import { measured, PUBLISH_MEASURE } from './timing';

/** What the annotations of one notebook share: its NotebookAnnotator's parts. */
export interface ICellAnnotationContext {
  panel: NotebookPanel;
  services: IAnnotatorServices;
  fixes: FixCellOffers;
  placement: AnnotationPlacement;
  /** Queues a refinement (a report arriving for hundreds of saved errors comes all at once). */
  refineLater(model: ICellModel, refine: IRefine): void;
  /** Removes the cell's annotation (it was dismissed). */
  clear(model: ICellModel): void;
}

/** Queued later work: re-diagnose this annotation with the kernel's report, which came later. */
export interface IRefine {
  annotation: CellAnnotation;
  report: IEnvReport;
}

export interface ICellAnnotationOptions {
  model: ICellModel;
  error: IErrorRecord;
  /** The error's errorKey: what a dismissal remembers. */
  key: string;
  /** The error output it was read from (null: from the execute reply). */
  output: IOutputModel | null;
}

/** Publishes a cell's diagnosis for the inspector (null: it has none any more). */
export function publishDiagnosis(
  { panel, services }: Pick<ICellAnnotationContext, 'panel' | 'services'>,
  model: ICellModel,
  diagnosis: IDiagnosis | null
): void {
  const cells = services.diagnosedCells;
  measured(PUBLISH_MEASURE, () =>
    diagnosis
      ? cells.set(panel.id, model.id, diagnosis)
      : cells.delete(panel.id, model.id)
  );
}

export class CellAnnotation implements IDisposable {
  /**
   * Diagnoses the error with the kernel's latest report, publishes it, offers its fix cell and
   * places it in the cell; without a report yet, the kernel is asked once and it refines later.
   */
  constructor(
    context: ICellAnnotationContext,
    options: ICellAnnotationOptions
  ) {
    this._context = context;
    const { model, error } = options;
    this.model = model;
    this.error = error;
    this.key = options.key;
    this.output = options.output;
    const { panel, services } = context;
    const kernel = panel.sessionContext.session?.kernel ?? null;
    this._env = services.envReports.latest(kernel);
    const diagnosis = services.diagnose(
      error,
      this._env ?? undefined,
      model.sharedModel.getSource()
    );
    this.widget = new DiagnosisWidget({
      diagnosis,
      recipes: context.fixes.recipesFor(diagnosis),
      trans: services.trans,
      actions: {
        insertFix: recipeId => this.insertFix(recipeId),
        runFix: () => void this.runFix(),
        copy: () => this._copy(),
        dismiss: () => this._dismiss(),
        openInspector: services.openInspector
      }
    });
    this._show(diagnosis);
    // Only while this is still the cell's annotation (not cleared or replaced since).
    void context.placement.place(model, this.widget, () => !this._isDisposed);

    if (!this._env && kernel) {
      // The first failure in a kernel asks it once; later ones reuse the report.
      void services.envReports.ensure(kernel).then(report => {
        if (report && !this._isDisposed) {
          context.refineLater(model, { annotation: this, report });
        }
      });
    }
  }

  readonly model: ICellModel;
  readonly error: IErrorRecord;
  readonly key: string;
  readonly widget: DiagnosisWidget;
  /** The error output it was read from (null: from the execute reply). */
  output: IOutputModel | null;

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The kernel's report came after the diagnosis: diagnose again with it. */
  refine(report: IEnvReport): void {
    // The widget goes with its cell, when the cell is deleted before the sweep.
    if (this._isDisposed || this.widget.isDisposed) {
      return;
    }
    this._env = report;
    const refined = this._context.services.diagnose(
      this.error,
      report,
      this.model.sharedModel.getSource()
    );
    this.widget.render(refined, this._context.fixes.recipesFor(refined));
    this._show(refined);
  }

  /** Inserts the recipe's fix cell directly below the failing cell (see FixCells.insert). */
  insertFix(recipeId?: string): boolean {
    return this._context.fixes.insert(this.model, this.widget, recipeId);
  }

  /** Runs our unedited fix cell; only ever called from the user's click or command. */
  runFix(): Promise<boolean> {
    return this._context.fixes.run(this.model);
  }

  /** Takes it out of its cell; what it published stays until its cell is cleared. */
  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._context.placement.cancel(this.model);
    this._context.fixes.withdraw(this.model);
    this.widget.dispose();
  }

  private _show(diagnosis: IDiagnosis): void {
    publishDiagnosis(this._context, this.model, diagnosis);
    this._context.fixes.offer(this.model, this.widget);
  }

  private _copy(): void {
    this._context.services.copy(
      diagnosisToMarkdown(this.widget.diagnosis, {
        error: this.error,
        env: this._env
      })
    );
  }

  private _dismiss(): void {
    const { panel, services } = this._context;
    services.dismissals.add(panel.context.path, this.key);
    this._context.clear(this.model);
  }

  private _context: ICellAnnotationContext;
  private _env: IEnvReport | null;
  private _isDisposed = false;
}
