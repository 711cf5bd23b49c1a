/**
 * Decides when the inspector reads the kernel: while its panel is visible (on show), on explicit
 * refresh, on kernel start/restart/change and after a cell that ran a package install. Never per
 * cell otherwise (the variableInspector lesson). Requests are debounced and never overlap.
 */
import type { ISessionContext } from '@jupyterlab/apputils';
import type { Cell } from '@jupyterlab/cells';
import {
  type INotebookTracker,
  type Notebook,
  NotebookActions,
  type NotebookPanel
} from '@jupyterlab/notebook';
import type { Kernel } from '@jupyterlab/services';
import type { IDisposable } from '@lumino/disposable';

import type { ProbeResult } from '../kernel/probeKernel';
import type { IEnvReportChange, IEnvReportStore } from '../tokens';
import type { InspectorView } from './InspectorView';
import type { IInspectorSettings } from './settings';

export class InspectorController implements IDisposable {
  constructor(options: InspectorController.IOptions) {
    this._tracker = options.tracker;
    this._view = options.view;
    this._store = options.store;
    this._settings = options.settings;
    this._configureStore();
    this._isInstallCell = options.isInstallCell;
    this._debounceMs = options.debounceMs ?? 300;

    this._tracker.currentChanged.connect(this._onCurrentChanged, this);
    this._view.visibilityChanged.connect(this._onVisibilityChanged, this);
    NotebookActions.executed.connect(this._onExecuted, this);
    this._store.changed.connect(this._onStoreChanged, this);
    this._onCurrentChanged(this._tracker, this._tracker.currentWidget);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  get settings(): IInspectorSettings {
    return this._settings;
  }

  /** Applies new settings; a changed watch-list or a switch to auto-refresh re-reads. */
  updateSettings(settings: IInspectorSettings): void {
    const previous = this._settings;
    this._settings = settings;
    this._configureStore();
    const watchChanged =
      previous.extraPackages.join('\n') !== settings.extraPackages.join('\n');
    if (watchChanged || (settings.autoRefresh && !previous.autoRefresh)) {
      this._requestAutomatic();
    } else if (!settings.autoRefresh && !this._view.report) {
      this._resetView();
    }
  }

  /** Explicit refresh: reads now, whatever the visibility and auto-refresh setting. */
  refresh(): Promise<void> {
    this._clearTimer();
    return this._run();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._clearTimer();
    this._watchSession(null);
    this._tracker.currentChanged.disconnect(this._onCurrentChanged, this);
    this._view.visibilityChanged.disconnect(this._onVisibilityChanged, this);
    NotebookActions.executed.disconnect(this._onExecuted, this);
    this._store.changed.disconnect(this._onStoreChanged, this);
  }

  /** The probe options are the inspector's settings: one place for the user to set them. */
  private _configureStore(): void {
    this._store.configure({
      timeoutMs: this._settings.probeTimeoutMs,
      extraPackages: this._settings.extraPackages
    });
  }

  /** Another reader (the failing-cell diagnosis) read the current kernel: show it for free. */
  private _onStoreChanged(
    _store: IEnvReportStore,
    change: IEnvReportChange
  ): void {
    const panel = this._tracker.currentWidget;
    if (
      !change.report ||
      this._running ||
      change.report === this._view.report ||
      !panel ||
      !this._isCurrent(panel, change.kernel)
    ) {
      return;
    }
    this._view.setState({
      kind: 'result',
      result: { kind: 'ok', report: change.report }
    });
  }

  private _onCurrentChanged(
    _tracker: INotebookTracker,
    panel: NotebookPanel | null
  ): void {
    this._watchSession(panel?.sessionContext ?? null);
    this._resetView();
    this._requestAutomatic();
  }

  private _watchSession(context: ISessionContext | null): void {
    if (this._session) {
      this._session.kernelChanged.disconnect(this._onKernelChanged, this);
      this._session.statusChanged.disconnect(this._onStatusChanged, this);
    }
    this._session = context;
    this._restarting = false;
    if (context) {
      context.kernelChanged.connect(this._onKernelChanged, this);
      context.statusChanged.connect(this._onStatusChanged, this);
    }
  }

  private _onKernelChanged(): void {
    this._resetView();
    this._requestAutomatic();
  }

  private _onStatusChanged(
    _context: ISessionContext,
    status: Kernel.Status
  ): void {
    if (status === 'restarting' || status === 'autorestarting') {
      this._restarting = true;
      this._view.clearReport();
      this._view.setState({ kind: 'probing', waiting: false });
    } else if (status === 'dead') {
      this._restarting = false;
      this._clearTimer();
      this._view.setState({ kind: 'result', result: { kind: 'dead' } });
    } else if (this._restarting && status === 'idle') {
      // The restarted kernel is ready: its modules and maybe its packages changed.
      this._restarting = false;
      this._requestAutomatic();
    }
  }

  private _onExecuted(
    _sender: unknown,
    args: { notebook: Notebook; cell: Cell }
  ): void {
    const current = this._tracker.currentWidget;
    if (!current || args.notebook !== current.content || !this._isInstallCell) {
      return;
    }
    if (args.cell.model.type !== 'code') {
      return;
    }
    if (this._isInstallCell(args.cell.model.sharedModel.getSource())) {
      this._requestAutomatic();
    }
  }

  private _onVisibilityChanged(_view: InspectorView, visible: boolean): void {
    if (visible) {
      if (this._settings.autoRefresh && this._tracker.currentWidget) {
        this._schedule();
      }
    } else {
      this._clearTimer();
    }
  }

  /** A kernel event asked for a reading: honour auto-refresh and visibility. */
  private _requestAutomatic(): void {
    if (!this._tracker.currentWidget) {
      return;
    }
    if (!this._settings.autoRefresh) {
      if (!this._view.report) {
        this._view.setState({ kind: 'manual' });
      }
      return;
    }
    if (this._view.isVisible) {
      this._schedule();
    }
    // Hidden: nothing to do, the next show reads anyway.
  }

  /** Forgets what was read (another notebook or kernel) and shows what comes next. */
  private _resetView(): void {
    this._view.clearReport();
    if (!this._tracker.currentWidget) {
      this._view.setState({ kind: 'no-notebook' });
    } else if (this._settings.autoRefresh) {
      this._view.setState({ kind: 'probing', waiting: false });
    } else {
      this._view.setState({ kind: 'manual' });
    }
  }

  private _schedule(): void {
    this._clearTimer();
    this._timer = setTimeout(() => {
      this._timer = null;
      void this._run();
    }, this._debounceMs);
  }

  private _clearTimer(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  private async _run(): Promise<void> {
    if (this._running) {
      // One reading at a time; remember to read again once this one is done.
      this._rerun = true;
      return this._running;
    }
    this._running = this._readOnce();
    try {
      await this._running;
    } finally {
      this._running = null;
      if (this._rerun && !this._isDisposed) {
        this._rerun = false;
        await this._run();
      }
    }
  }

  private async _readOnce(): Promise<void> {
    const panel = this._tracker.currentWidget;
    if (!panel) {
      this._view.setState({ kind: 'no-notebook' });
      return;
    }
    const context = panel.sessionContext;
    this._view.setState({ kind: 'probing', waiting: false });
    let result: ProbeResult;
    let kernel: Kernel.IKernelConnection | null | undefined = null;
    try {
      await context.ready;
      kernel = context.session?.kernel;
      result = await this._store.probe(kernel, {
        onWaiting: () => {
          if (this._isCurrent(panel, kernel)) {
            this._view.setState({ kind: 'probing', waiting: true });
          }
        }
      });
    } catch (error) {
      result = {
        kind: 'error',
        message: error instanceof Error ? error.message : String(error)
      };
    }
    // The user may have switched notebooks or kernels meanwhile: drop a stale answer.
    if (this._isCurrent(panel, kernel) && !this._isDisposed) {
      this._view.setState({ kind: 'result', result });
    }
  }

  private _isCurrent(
    panel: NotebookPanel,
    kernel: Kernel.IKernelConnection | null | undefined
  ): boolean {
    return (
      this._tracker.currentWidget === panel &&
      (panel.sessionContext.session?.kernel ?? null) === (kernel ?? null)
    );
  }

  private _tracker: INotebookTracker;
  private _view: InspectorView;
  private _store: IEnvReportStore;
  private _settings: IInspectorSettings;
  private _isInstallCell: ((source: string) => boolean) | undefined;
  private _debounceMs: number;
  private _session: ISessionContext | null = null;
  private _restarting = false;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _running: Promise<void> | null = null;
  private _rerun = false;
  private _isDisposed = false;
}

export namespace InspectorController {
  export interface IOptions {
    tracker: INotebookTracker;
    view: InspectorView;
    /** The shared report store the inspector reads through. */
    store: IEnvReportStore;
    settings: IInspectorSettings;
    /** Tells whether a code cell's source ran pip/conda/uv install (then re-read). */
    isInstallCell?: (source: string) => boolean;
    debounceMs?: number;
  }
}
