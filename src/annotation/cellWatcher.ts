/**
 * Decides when the cells of one notebook are looked at for a diagnosis: a notebook (re)loaded
 * with saved errors, cells added or moved (they come as new models), outputs that change
 * (stream chunks, collaborators, server-side execution) and runs that end. The looking itself
 * goes through a CellWorkQueue, so that a burst of changes is read once, cells on screen first.
 */
import type { ICellModel, ICodeCellModel } from '@jupyterlab/cells';
import type { Notebook } from '@jupyterlab/notebook';
import type { IDisposable } from '@lumino/disposable';

import { CellWorkQueue } from './cellWorkQueue';
import { hasErrorOutput } from './errorRecord';

/** What is queued for one cell. */
export interface ICellWork<R> {
  /** Read the outputs: diagnose their error, or clear a diagnosis that no longer applies. */
  check: boolean;
  /** Ignore the auto-annotation setting and dismissals (explicit commands). */
  force: boolean;
  /** Later work on the cell's diagnosis (the kernel's environment report came after it). */
  refine: R | null;
}

/** The part of a Notebook widget the watcher reads. */
export type IWatchedNotebook = Pick<
  Notebook,
  'model' | 'modelChanged' | 'widgets'
>;

export interface ICellWatcherOptions<R> {
  notebook: IWatchedNotebook;
  /** One queued code cell's work, in a task of its own. */
  run(model: ICellModel, work: ICellWork<R>): void;
  /** Cells were removed or replaced: these are the ones still in the notebook. */
  swept(present: Set<ICellModel>): void;
}

export class CellWatcher<R> implements IDisposable {
  constructor(options: ICellWatcherOptions<R>) {
    this._notebook = options.notebook;
    this._options = options;
    this._queue = new CellWorkQueue<ICellWork<R>>({
      run: (model, work) => {
        if (!this._isDisposed && model.type === 'code') {
          options.run(model, work);
        }
      },
      merge: (queued, added) => ({
        check: queued.check || added.check,
        force: queued.force || added.force,
        refine: added.refine ?? queued.refine
      }),
      nodesOf: models => this._nodesOf(models)
    });
    this._notebook.modelChanged.connect(this._onModelChanged, this);
    this._onModelChanged();
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Queues every cell holding an error output for a check and returns how many there are.
   * `force` (explicit commands) runs them in the next tasks; otherwise cells on screen come
   * first and the rest when the page is idle.
   */
  checkAll(force = false): number {
    const cells = this._notebook.model?.cells;
    let failing = 0;
    for (let index = 0; cells && index < cells.length; index++) {
      const model = cells.get(index);
      if (isFailing(model)) {
        failing++;
        this._queue.add(model, { check: true, force, refine: null }, force);
      }
    }
    return failing;
  }

  /** Queues later work on one cell (applied a few cells per task, like the checks). */
  refineLater(model: ICellModel, refine: R): void {
    this._queue.add(model, { check: false, force: false, refine });
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._queue.dispose();
    this._notebook.modelChanged.disconnect(this._onModelChanged, this);
    this._unwatchModel();
  }

  /** The DOM nodes of these cells' widgets, in one pass over the notebook's cells. */
  private _nodesOf(models: ICellModel[]): Map<ICellModel, HTMLElement> {
    const wanted = new Set(models);
    const nodes = new Map<ICellModel, HTMLElement>();
    for (const cell of this._notebook.widgets) {
      if (wanted.has(cell.model)) {
        nodes.set(cell.model, cell.node);
      }
    }
    return nodes;
  }

  private _onModelChanged(): void {
    this._unwatchModel();
    const model = this._notebook.model;
    this._model = model;
    if (!model) {
      return;
    }
    model.cells.changed.connect(this._onCellsChanged, this);
    for (let index = 0; index < model.cells.length; index++) {
      this._watchCell(model.cells.get(index));
    }
    // A notebook opened with saved errors.
    this.checkAll();
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
        isFailing(added)
      ) {
        // Loaded and moved cells come as new models: their saved errors count. On screen
        // first, the rest when idle (a notebook loads all its cells in one change).
        this._queue.add(added, { check: true, force: false, refine: null });
      }
    }
  }

  /** Forgets cells no longer in the notebook and tells the owner which ones remain. */
  private _sweepRemoved(): void {
    const cells = this._notebook.model?.cells;
    const present = new Set<ICellModel>();
    for (let index = 0; cells && index < cells.length; index++) {
      present.add(cells.get(index));
    }
    for (const model of Array.from(this._watched.keys())) {
      if (!present.has(model)) {
        this._unwatchCell(model);
      }
    }
    this._options.swept(present);
  }

  private _watchCell(model: ICellModel): void {
    if (model.type !== 'code' || this._watched.has(model)) {
      return;
    }
    // Outputs change once per stream chunk: look once, after the burst, in the next task.
    const onOutputs = () =>
      this._queue.add(model, { check: true, force: false, refine: null }, true);
    // A running cell's outputs are not final; the end of the run looks again.
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
    this._watched.set(model, () => {
      (model as ICodeCellModel).outputs.changed.disconnect(onOutputs);
      model.stateChanged.disconnect(onState);
    });
  }

  private _unwatchCell(model: ICellModel): void {
    const unwatch = this._watched.get(model);
    if (unwatch) {
      this._watched.delete(model);
      if (!model.isDisposed) {
        unwatch();
      }
    }
  }

  private _notebook: IWatchedNotebook;
  private _options: ICellWatcherOptions<R>;
  private _isDisposed = false;
  private _model: Notebook['model'] = null;
  private _watched = new Map<ICellModel, () => void>();
  private _queue: CellWorkQueue<ICellWork<R>>;
}

function isFailing(model: ICellModel): boolean {
  return (
    model.type === 'code' && hasErrorOutput((model as ICodeCellModel).outputs)
  );
}
