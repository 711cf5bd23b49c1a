/**
 * Diagnoses the failing code cells of one notebook panel and keeps one annotation widget per
 * failing cell model, inside that cell's layout (never in the notebook file). Failing cells are
 * found from the cell models' outputs (saved errors, server-side execution, collaborators) and
 * from `NotebookActions.executed`, which the plugin routes here. Work that is not the user's
 * immediate request (a notebook opened with saved errors, late environment reports) goes
 * through a CellWorkQueue: cells on screen first, the rest in idle-time slices.
 */
import type { ISessionContextDialogs } from '@jupyterlab/apputils';
import type { Cell, ICellModel, ICodeCellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';
import type { PanelLayout } from '@lumino/widgets';

import { diagnosisToMarkdown } from '../core/diagnosisMarkdown';
import { recipesFor, type IFixRecipe } from '../core/fixCell';
import type { IDiagnosis, IEnvReport, IErrorRecord } from '../core/types';
import type { DiagnosedCells } from '../diagnoses/diagnosedCells';
import type { IEnvReportStore } from '../tokens';
import { CellWorkQueue } from './cellWorkQueue';
import { DiagnosisWidget } from './diagnosisWidget';
import { FixCellLink, FixCells } from './fixCells';
import { NearViewport } from './nearViewport';
import type { Dismissals } from './dismissals';
import {
  boundErrorRecord,
  errorFromOutput,
  errorKey,
  hasErrorOutput,
  type IOutputModel,
  lastErrorOutput
} from './errorRecord';
import {
  KERNEL_DIAGNOSIS_MIME,
  kernelDiagnosisAfter,
  readKernelDiagnosis
} from './kernelDiagnosis';
import { ANNOTATE_MEASURE, measured, PUBLISH_MEASURE } from './timing';

export interface IAnnotatorServices {
  /** `source` is the failing cell's: which recipes fit depends on it. */
  diagnose(error: IErrorRecord, env?: IEnvReport, source?: string): IDiagnosis;
  envReports: IEnvReportStore;
  /** Where this notebook's diagnoses are published for the inspector. */
  diagnosedCells: DiagnosedCells;
  dismissals: Dismissals;
  recipes: IFixRecipe[];
  translator: ITranslator;
  trans: TranslationBundle;
  sessionDialogs: ISessionContextDialogs | null;
  copy(text: string): void;
  /** Shows the environment inspector, when the app has it. */
  openInspector?: () => void;
  /** The auto-annotation setting; explicit commands annotate whatever it says. */
  autoAnnotate(): boolean;
}

interface IEntry {
  widget: DiagnosisWidget;
  key: string;
  error: IErrorRecord;
  env: IEnvReport | null;
  /** Our fix cell right below, while it exists; Run shows while it is unedited. */
  fix: FixCellLink;
  /** The error output it was read from (null: from the execute reply). */
  output: IOutputModel | null;
  /** The cell node it waits for to come near the viewport, until it is in the cell. */
  attachedTo: Element | null;
}

/** What is queued for one cell. */
interface ICellWork {
  /** Read the outputs: diagnose their error, or clear a diagnosis that no longer applies. */
  check: boolean;
  /** Ignore the auto-annotation setting and dismissals (explicit commands). */
  force: boolean;
  /** Re-diagnose this annotation with the kernel's environment report, which came later. */
  refine: { entry: IEntry; report: IEnvReport } | null;
}

export class NotebookAnnotator implements IDisposable {
  constructor(panel: NotebookPanel, services: IAnnotatorServices) {
    this._panel = panel;
    this._services = services;
    this._fixCells = new FixCells(panel, services);
    this._queue = new CellWorkQueue<ICellWork>({
      run: (model, work) => this._runWork(model, work),
      merge: (queued, added) => ({
        check: queued.check || added.check,
        force: queued.force || added.force,
        refine: added.refine ?? queued.refine
      }),
      nodesOf: models => this._nodesOf(models)
    });
    panel.content.modelChanged.connect(this._onModelChanged, this);
    this._onModelChanged();
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
   * Queues every cell holding an error output for diagnosis and returns how many there are.
   * Explicit commands (`force`) run in the next tasks; otherwise cells on screen come first
   * and the rest when the page is idle. Either way a few cells per task at most, so that a
   * large notebook full of errors keeps the page responsive.
   */
  diagnoseAll(force = false): number {
    const cells = this._panel.content.model?.cells;
    let failing = 0;
    for (let index = 0; cells && index < cells.length; index++) {
      const model = cells.get(index);
      if (
        model.type === 'code' &&
        hasErrorOutput((model as ICodeCellModel).outputs)
      ) {
        failing++;
        this._queue.add(model, { check: true, force, refine: null }, force);
      }
    }
    return failing;
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
    const outputs = (model as ICodeCellModel).outputs;
    const output = lastErrorOutput(outputs);
    if (!output) {
      return false;
    }
    if (this._kernelSpoke(model, outputs, output)) {
      return true;
    }
    // A running cell's outputs are not final: the kernel extension displays its diagnosis
    // after the error (post_run_cell). The end of the run looks again (see _watchCell).
    if (!force && (model as ICodeCellModel).executionState === 'running') {
      return true;
    }
    // Already diagnosed from this very output (a run reports its error twice: output and
    // reply). Reading it again copies all of it: ~0.1 s for a 10 MB traceback.
    if (this._entries.get(model)?.output === output) {
      return true;
    }
    const error = errorFromOutput(output, { cell_id: model.id });
    this._annotate(model, error, force, output);
    return true;
  }

  /** Re-run or cleared outputs: the old diagnosis no longer applies. */
  clear(model: ICellModel): void {
    const entry = this._entries.get(model);
    if (entry) {
      this._entries.delete(model);
      if (entry.attachedTo) {
        this._nearViewport.cancel(entry.attachedTo);
      }
      entry.fix.dispose();
      entry.widget.dispose();
    }
    // Also the kernel's diagnosis published by _kernelSpoke (no entry of ours).
    measured(PUBLISH_MEASURE, () =>
      this._services.diagnosedCells.delete(this._panel.id, model.id)
    );
  }

  /**
   * The kernel extension (`%load_ext jupyterlab_convert_doctor`) displayed its diagnosis of
   * this error: then the cell's annotation is that output, drawn by our mime renderer, and we
   * add none (one annotation per error). The output wins over ours because it is part of the
   * document (saved, shared, seen in any frontend) and was made with the kernel's own
   * environment; hiding a kernel's output from the frontend would surprise more. Its diagnosis
   * is still published for the inspector.
   */
  private _kernelSpoke(
    model: ICellModel,
    outputs: ICodeCellModel['outputs'],
    error: IOutputModel
  ): boolean {
    const spoken = kernelDiagnosisAfter(outputs, error);
    if (!spoken) {
      return false;
    }
    if (this._entries.has(model)) {
      this.clear(model);
    }
    const read = readKernelDiagnosis(spoken.data[KERNEL_DIAGNOSIS_MIME]);
    if (read.ok) {
      measured(PUBLISH_MEASURE, () =>
        this._services.diagnosedCells.set(
          this._panel.id,
          model.id,
          read.diagnosis
        )
      );
    }
    return true;
  }

  /** Inserts the recipe's fix cell directly below the failing cell (see FixCells.insert). */
  insertFix(model: ICellModel, recipeId?: string): boolean {
    const entry = this._entries.get(model);
    const id = recipeId ?? entry?.widget.selectedRecipe;
    const recipe = this._services.recipes.find(r => r.id === id);
    if (!entry || !recipe) {
      return false;
    }
    const fix = this._fixCells.insert(
      model,
      recipe,
      entry.widget.diagnosis.category
    );
    if (fix) {
      entry.fix.set(fix);
    }
    return fix !== null;
  }

  /** Runs our unedited fix cell; only ever called from the user's click or command. */
  async runFix(model: ICellModel): Promise<boolean> {
    const fix = this._entries.get(model)?.fix.cell;
    return fix ? this._fixCells.run(fix) : false;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._queue.dispose();
    this._nearViewport.dispose();
    this._panel.content.modelChanged.disconnect(this._onModelChanged, this);
    this._unwatchModel();
    for (const entry of this._entries.values()) {
      entry.fix.dispose();
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
      recipes: this._recipesFor(diagnosis),
      trans: this._services.trans,
      actions: {
        insertFix: recipeId => this.insertFix(model, recipeId),
        runFix: () => void this.runFix(model),
        copy: () => this._copy(model),
        dismiss: () => this._dismiss(model),
        openInspector: this._services.openInspector
      }
    });
    const entry: IEntry = {
      key,
      error,
      env,
      fix: new FixCellLink(this._fixCells, runnable => {
        widget.fixInserted = runnable;
      }),
      output,
      attachedTo: null,
      widget
    };
    this._entries.set(model, entry);
    measured(PUBLISH_MEASURE, () =>
      this._services.diagnosedCells.set(this._panel.id, model.id, diagnosis)
    );
    this._findFixCellBelow(model, entry);
    void this._attach(model, entry);

    if (!env && kernel) {
      // The first failure in a kernel asks it once; later ones reuse the report. A report
      // arriving for hundreds of saved errors at once is applied a few cells per task.
      void this._services.envReports.ensure(kernel).then(report => {
        if (report && this._entries.get(model) === entry) {
          this._queue.add(model, {
            check: false,
            force: false,
            refine: { entry, report }
          });
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
    entry.widget.render(refined, this._recipesFor(refined));
    measured(PUBLISH_MEASURE, () =>
      this._services.diagnosedCells.set(this._panel.id, model.id, refined)
    );
    this._findFixCellBelow(model, entry);
  }

  /** One queued cell's work, measured as ours. */
  private _runWork(model: ICellModel, work: ICellWork): void {
    if (this._isDisposed || model.type !== 'code') {
      return;
    }
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

  /** The DOM nodes of these cells' widgets, in one pass over the notebook's cells. */
  private _nodesOf(models: ICellModel[]): Map<ICellModel, HTMLElement> {
    const wanted = new Set(models);
    const nodes = new Map<ICellModel, HTMLElement>();
    for (const cell of this._panel.content.widgets) {
      if (wanted.has(cell.model)) {
        nodes.set(cell.model, cell.node);
      }
    }
    return nodes;
  }

  private async _attach(model: ICellModel, entry: IEntry): Promise<void> {
    const cell = this._panel.content.widgets.find(w => w.model === model);
    if (!cell) {
      return;
    }
    // Windowed notebooks build a cell's DOM only when it first comes into view.
    await cell.ready;
    const current = () =>
      !cell.isDisposed &&
      this._entries.get(model) === entry &&
      !entry.widget.isDisposed;
    if (!current()) {
      return;
    }
    // Into the DOM once the cell is near the viewport, not while it is far off screen.
    entry.attachedTo = cell.node;
    this._nearViewport.whenNear(cell.node, () => {
      entry.attachedTo = null;
      if (!current()) {
        return;
      }
      const layout = cell.layout as PanelLayout;
      // Before the (empty) footer: right under the outputs.
      measured(ANNOTATE_MEASURE, () =>
        layout.insertWidget(
          Math.max(layout.widgets.length - 1, 0),
          entry.widget
        )
      );
    });
  }

  private _recipesFor(diagnosis: IDiagnosis): IFixRecipe[] {
    return recipesFor(diagnosis, this._services.recipes);
  }

  /** Our fix cell right below (this tab inserted it); a tagged cell alone is not ours. */
  private _findFixCellBelow(model: ICellModel, entry: IEntry): void {
    const recipeIds = this._recipesFor(entry.widget.diagnosis).map(r => r.id);
    const fix = this._fixCells.ourFixBelow(model, recipeIds);
    if (fix) {
      entry.fix.set(fix);
    }
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

  private _onModelChanged(): void {
    this._unwatchModel();
    const model = this._panel.content.model;
    this._model = model;
    if (!model) {
      return;
    }
    model.cells.changed.connect(this._onCellsChanged, this);
    for (let index = 0; index < model.cells.length; index++) {
      this._watchCell(model.cells.get(index));
    }
    // A notebook opened with saved errors.
    this.diagnoseAll();
  }

  private _unwatchModel(): void {
    if (this._model) {
      this._model.cells.changed.disconnect(this._onCellsChanged, this);
      for (let index = 0; index < this._model.cells.length; index++) {
        this._unwatchCell(this._model.cells.get(index));
      }
    }
    this._model = null;
  }

  private _onCellsChanged(
    _: unknown,
    change: { type: string; newValues: ICellModel[] }
  ): void {
    if (change.type === 'remove' || change.type === 'set') {
      // Removals do not name the removed models (oldValues are undefined): sweep.
      this._sweepRemoved();
    }
    for (const added of change.newValues ?? []) {
      if (!added) {
        continue;
      }
      this._watchCell(added);
      if (
        (change.type === 'add' || change.type === 'set') &&
        added.type === 'code' &&
        hasErrorOutput((added as ICodeCellModel).outputs)
      ) {
        // Loaded and moved cells come as new models: their saved errors count. On screen
        // first, the rest when idle (a notebook loads all its cells in one change).
        this._queue.add(added, { check: true, force: false, refine: null });
      }
    }
  }

  /** Forgets cells no longer in the notebook; an undone fix cell re-offers Insert. */
  private _sweepRemoved(): void {
    const cells = this._panel.content.model?.cells;
    const present = new Set<ICellModel>();
    for (let index = 0; cells && index < cells.length; index++) {
      present.add(cells.get(index));
    }
    for (const model of Array.from(this._outputWatchers.keys())) {
      if (!present.has(model)) {
        this._unwatchCell(model);
      }
    }
    for (const [model, entry] of Array.from(this._entries)) {
      if (!present.has(model)) {
        this.clear(model);
      } else if (entry.fix.cell && !present.has(entry.fix.cell)) {
        entry.fix.set(null);
      }
    }
  }

  private _watchCell(model: ICellModel): void {
    if (model.type !== 'code' || this._outputWatchers.has(model)) {
      return;
    }
    const onOutputs = () => this._scheduleCheck(model);
    const onState = (
      _: unknown,
      change: { name: string; newValue: unknown }
    ) => {
      if (change.name === 'executionState' && change.newValue === 'idle') {
        onOutputs();
      }
    };
    (model as ICodeCellModel).outputs.changed.connect(onOutputs);
    model.stateChanged.connect(onState);
    this._outputWatchers.set(model, () => {
      (model as ICodeCellModel).outputs.changed.disconnect(onOutputs);
      model.stateChanged.disconnect(onState);
    });
  }

  private _unwatchCell(model: ICellModel): void {
    const unwatch = this._outputWatchers.get(model);
    if (unwatch) {
      this._outputWatchers.delete(model);
      if (!model.isDisposed) {
        unwatch();
      }
    }
  }

  // Outputs change once per stream chunk: look once, after the burst, in the next task.
  private _scheduleCheck(model: ICellModel): void {
    this._queue.add(model, { check: true, force: false, refine: null }, true);
  }

  private _panel: NotebookPanel;
  private _services: IAnnotatorServices;
  private _fixCells: FixCells;
  private _isDisposed = false;
  private _model: NotebookPanel['content']['model'] = null;
  private _entries = new Map<ICellModel, IEntry>();
  private _outputWatchers = new Map<ICellModel, () => void>();
  private _queue: CellWorkQueue<ICellWork>;
  private _nearViewport = new NearViewport();
}
