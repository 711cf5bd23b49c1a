/**
 * The annotator's pending per-cell work, run in short slices so that a notebook opened with
 * hundreds of saved errors never holds the main thread for long: cells on screen first (an
 * IntersectionObserver tells which), urgent work (a cell just ran, an explicit command) in the
 * next task, the rest when the page is idle. Work queued twice for a cell is merged.
 */
import type { ICellModel } from '@jupyterlab/cells';
import type { IDisposable } from '@lumino/disposable';

/** Main-thread time one slice may take before it yields. */
export const SLICE_BUDGET_MS = 8;

/** Idle work waits at most this long for an idle period (the notebook renders in idle time too). */
export const IDLE_TIMEOUT_MS = 1000;

export interface ICellWorkQueueOptions<W> {
  /** Does one cell's work. */
  run(model: ICellModel, work: W): void;
  /** Work queued again for a cell that still has work queued. */
  merge(queued: W, added: W): W;
  /** The DOM nodes of these cells' widgets, where the notebook has them (one pass for many cells). */
  nodesOf(models: ICellModel[]): Map<ICellModel, HTMLElement>;
}

export class CellWorkQueue<W> implements IDisposable {
  constructor(options: ICellWorkQueueOptions<W>) {
    this._options = options;
    if (typeof IntersectionObserver !== 'undefined') {
      // Slightly beyond the viewport: cells about to scroll in are ready when they arrive.
      this._visibility = new IntersectionObserver(
        entries => this._onVisibility(entries),
        { rootMargin: '25% 0px' }
      );
    }
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Cells with work queued. */
  get size(): number {
    return this._queued.size;
  }

  /** Queues work for a cell; `urgent` runs it in the next task rather than when idle. */
  add(model: ICellModel, work: W, urgent = false): void {
    if (this._isDisposed) {
      return;
    }
    const queued = this._queued.get(model);
    this._queued.set(
      model,
      queued === undefined ? work : this._options.merge(queued, work)
    );
    if (urgent) {
      this._urgent.add(model);
    }
    if (this._visibility && !this._observed.has(model)) {
      if (this._toObserve.size === 0) {
        // Once the current change is through: the notebook has made the cells' widgets then.
        void Promise.resolve().then(() => this._observeNew());
      }
      this._toObserve.add(model);
    }
    this._schedule(urgent);
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._visibility?.disconnect();
    this._cancel();
    this._queued.clear();
    this._urgent.clear();
    this._onScreen.clear();
    this._observed.clear();
    this._models.clear();
    this._toObserve.clear();
  }

  private _onVisibility(entries: IntersectionObserverEntry[]): void {
    let arrived = false;
    for (const entry of entries) {
      const model = this._models.get(entry.target);
      if (!model) {
        continue;
      }
      if (entry.isIntersecting) {
        this._onScreen.add(model);
        arrived = arrived || this._queued.has(model);
      } else {
        this._onScreen.delete(model);
      }
    }
    if (arrived) {
      this._schedule(true);
    }
  }

  private _schedule(urgent: boolean): void {
    if (this._timeout !== null || this._isDisposed) {
      return;
    }
    if (urgent || typeof requestIdleCallback !== 'function') {
      this._cancel();
      this._timeout = setTimeout(() => {
        this._timeout = null;
        this._drain(SLICE_BUDGET_MS);
      }, 0);
    } else if (this._idle === null) {
      this._idle = requestIdleCallback(
        deadline => {
          this._idle = null;
          // Never the whole idle period: the notebook renders its cells in idle time too.
          this._drain(
            deadline.didTimeout
              ? SLICE_BUDGET_MS
              : Math.min(Math.max(deadline.timeRemaining(), 1), SLICE_BUDGET_MS)
          );
        },
        { timeout: IDLE_TIMEOUT_MS }
      );
    }
  }

  private _cancel(): void {
    if (this._idle !== null) {
      cancelIdleCallback(this._idle);
      this._idle = null;
    }
    if (this._timeout !== null) {
      clearTimeout(this._timeout);
      this._timeout = null;
    }
  }

  /** Runs queued work until the budget is spent (at least one cell), most wanted first. */
  private _drain(budget: number): void {
    if (this._isDisposed) {
      return;
    }
    this._observeNew();
    const started = performance.now();
    let model = this._next();
    while (model !== undefined) {
      const work = this._queued.get(model)!;
      this._queued.delete(model);
      this._urgent.delete(model);
      this._unobserve(model);
      if (!model.isDisposed) {
        this._runGuarded(model, work);
      }
      if (this._isDisposed || performance.now() - started >= budget) {
        break;
      }
      model = this._next();
    }
    if (!this._isDisposed && this._queued.size > 0) {
      this._schedule(this._urgent.size > 0);
    }
  }

  /** One cell's work; a cell that throws (a malformed output...) never stops the others. */
  private _runGuarded(model: ICellModel, work: W): void {
    try {
      this._options.run(model, work);
    } catch (error) {
      if (!this._warned) {
        // Once per queue (one notebook): a notebook full of bad outputs must not flood the console.
        this._warned = true;
        console.warn(
          'Convert Doctor: a cell could not be annotated; later cells still are.',
          error
        );
      }
    }
  }

  private _next(): ICellModel | undefined {
    return (
      first(this._urgent) ??
      firstQueued(this._onScreen, this._queued) ??
      first(this._queued.keys())
    );
  }

  /** Watches the cells queued since the last slice (one lookup pass for all of them). */
  private _observeNew(): void {
    if (!this._visibility || this._isDisposed || this._toObserve.size === 0) {
      return;
    }
    const models = Array.from(this._toObserve).filter(m => this._queued.has(m));
    this._toObserve.clear();
    const nodes = this._options.nodesOf(models);
    for (const [model, node] of nodes) {
      this._observed.set(model, node);
      this._models.set(node, model);
      this._visibility.observe(node);
    }
  }

  private _unobserve(model: ICellModel): void {
    this._onScreen.delete(model);
    const node = this._observed.get(model);
    if (node) {
      this._observed.delete(model);
      this._models.delete(node);
      this._visibility?.unobserve(node);
    }
  }

  private _options: ICellWorkQueueOptions<W>;
  private _isDisposed = false;
  private _warned = false;
  private _visibility: IntersectionObserver | null = null;
  /** Insertion order is document order for a loaded notebook: the idle order. */
  private _queued = new Map<ICellModel, W>();
  private _urgent = new Set<ICellModel>();
  private _onScreen = new Set<ICellModel>();
  private _toObserve = new Set<ICellModel>();
  private _observed = new Map<ICellModel, HTMLElement>();
  private _models = new Map<Element, ICellModel>();
  private _idle: number | null = null;
  private _timeout: ReturnType<typeof setTimeout> | null = null;
}

function first<T>(items: Iterable<T>): T | undefined {
  for (const item of items) {
    return item;
  }
  return undefined;
}

function firstQueued(
  candidates: Set<ICellModel>,
  queued: Map<ICellModel, unknown>
): ICellModel | undefined {
  for (const model of candidates) {
    if (queued.has(model)) {
      return model;
    }
  }
  return undefined;
}
