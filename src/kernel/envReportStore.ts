/**
 * The latest environment report per kernel connection, shared by every reader (the inspector,
 * the failing-cell annotation). Concurrent probes of one kernel share one request. A report is
 * forgotten when its kernel restarts, dies or is disposed, and after a cell that ran a package
 * install (seen on the kernel's own IOPub, so installs from any client count).
 */
import type { Kernel, KernelMessage } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

import type { IEnvReport } from '../core/types';
import type {
  IEnvReportChange,
  IEnvReportStore,
  IEnvReportStoreOptions
} from '../tokens';
import { ranPackageInstall } from './packageInstall';
import type { IProbeOptions, ProbeResult } from './probeKernel';

export type ProbeFunction = (
  kernel: Kernel.IKernelConnection | null | undefined,
  options: IProbeOptions
) => Promise<ProbeResult>;

/** Frees what probing left in a kernel (the probe's subshell: disposeProbeSubshell). */
export type ReleaseFunction = (
  kernel: Kernel.IKernelConnection
) => Promise<void>;

interface IPending {
  result: Promise<ProbeResult>;
  waiting: boolean;
  onWaiting: Set<() => void>;
}

interface IEntry {
  report: IEnvReport | null;
  pending: IPending | null;
  /** Bumped by every invalidation: an answer of an older generation is stale. */
  generation: number;
  /** Execute requests that ran an install, until the kernel is idle after them. */
  installs: Set<string>;
  unwatch: () => void;
}

export type { IEnvReportChange, IEnvReportStoreOptions } from '../tokens';

export class EnvReportStore implements IEnvReportStore {
  constructor(
    probe: ProbeFunction,
    options: Partial<IEnvReportStoreOptions> &
      Pick<IEnvReportStoreOptions, 'watch'>,
    release: ReleaseFunction = () => Promise.resolve()
  ) {
    this._probe = probe;
    this._release = release;
    this._options = {
      watch: options.watch,
      timeoutMs: options.timeoutMs ?? 5000,
      extraPackages: options.extraPackages ?? []
    };
  }

  /** A report of this kernel changed (read, or forgotten). */
  get changed(): ISignal<this, IEnvReportChange> {
    return this._changed;
  }

  get options(): Readonly<IEnvReportStoreOptions> {
    return this._options;
  }

  /** New probe options; a changed watch-list makes every held report stale. */
  configure(options: Partial<IEnvReportStoreOptions>): void {
    const next = { ...this._options, ...options };
    const watchChanged =
      next.extraPackages.join('\n') !== this._options.extraPackages.join('\n');
    this._options = next;
    if (watchChanged) {
      for (const kernel of Array.from(this._entries.keys())) {
        this.invalidate(kernel);
      }
    }
  }

  /** The report held for this kernel, without asking it. */
  latest(
    kernel: Kernel.IKernelConnection | null | undefined
  ): IEnvReport | null {
    return kernel ? (this._entries.get(kernel)?.report ?? null) : null;
  }

  /**
   * Reads the kernel now (or joins the read in flight) and holds the report it gives.
   * `onWaiting` is called when the read has to wait behind a running cell.
   */
  probe(
    kernel: Kernel.IKernelConnection | null | undefined,
    options: { onWaiting?: () => void } = {}
  ): Promise<ProbeResult> {
    if (!kernel || kernel.isDisposed) {
      return this._probe(kernel, { ...this._options });
    }
    const entry = this._entryOf(kernel);
    let pending = entry.pending;
    if (!pending) {
      pending = this._start(kernel, entry);
    }
    if (options.onWaiting) {
      if (pending.waiting) {
        options.onWaiting();
      } else {
        pending.onWaiting.add(options.onWaiting);
      }
    }
    return pending.result;
  }

  /** The held report, or the one a read gives now (shared); null when the read fails. */
  async ensure(
    kernel: Kernel.IKernelConnection | null | undefined
  ): Promise<IEnvReport | null> {
    const held = this.latest(kernel);
    if (held || !kernel || kernel.isDisposed) {
      return held;
    }
    const result = await this.probe(kernel);
    return result.kind === 'ok' ? result.report : null;
  }

  /** Forgets this kernel's report; a read in flight will not be held. */
  invalidate(kernel: Kernel.IKernelConnection | null | undefined): void {
    const entry = kernel ? this._entries.get(kernel) : undefined;
    if (!kernel || !entry) {
      return;
    }
    entry.generation++;
    entry.pending = null;
    if (entry.report) {
      entry.report = null;
      this._changed.emit({ kernel, report: null });
    }
  }

  /**
   * Frees what probing left in every followed kernel (a subshell lives until it is deleted or
   * the kernel restarts; a page that goes away must not leave one per visit). The next probe
   * makes a new one. Never throws.
   */
  async release(): Promise<void> {
    await Promise.all(
      Array.from(this._entries.keys(), kernel =>
        this._release(kernel).catch(() => undefined)
      )
    );
  }

  /** Stops following every kernel and frees what probing left in them. */
  dispose(): void {
    void this.release();
    for (const entry of this._entries.values()) {
      entry.unwatch();
    }
    this._entries.clear();
    Signal.clearData(this);
  }

  private _start(kernel: Kernel.IKernelConnection, entry: IEntry): IPending {
    const generation = entry.generation;
    const pending: IPending = {
      waiting: false,
      onWaiting: new Set(),
      result: Promise.resolve({ kind: 'no-kernel' })
    };
    pending.result = this._probe(kernel, {
      ...this._options,
      onWaiting: () => {
        pending.waiting = true;
        pending.onWaiting.forEach(callback => callback());
      }
    })
      .catch((error): ProbeResult => ({
        kind: 'error',
        message: error instanceof Error ? error.message : String(error)
      }))
      .then(result => {
        if (entry.pending === pending) {
          entry.pending = null;
        }
        // An invalidation during the read makes its answer stale: hand it out, keep none.
        if (
          entry.generation === generation &&
          this._entries.get(kernel) === entry &&
          result.kind === 'ok'
        ) {
          entry.report = result.report;
          this._changed.emit({ kernel, report: result.report });
        }
        return result;
      });
    entry.pending = pending;
    return pending;
  }

  private _entryOf(kernel: Kernel.IKernelConnection): IEntry {
    let entry = this._entries.get(kernel);
    if (!entry) {
      const created: IEntry = {
        report: null,
        pending: null,
        generation: 0,
        installs: new Set(),
        unwatch: () => undefined
      };
      created.unwatch = this._watch(kernel, created);
      this._entries.set(kernel, created);
      entry = created;
    }
    return entry;
  }

  private _watch(kernel: Kernel.IKernelConnection, entry: IEntry): () => void {
    const onStatus = (_: unknown, status: Kernel.Status) => {
      if (status === 'restarting' || status === 'autorestarting') {
        entry.installs.clear();
        this.invalidate(kernel);
      } else if (status === 'dead') {
        this._forget(kernel);
      }
    };
    const onIOPub = (_: unknown, msg: KernelMessage.IIOPubMessage) => {
      const parent = (msg.parent_header as { msg_id?: string })?.msg_id;
      if (!parent) {
        return;
      }
      if (msg.header.msg_type === 'execute_input') {
        const code = (msg.content as { code?: unknown }).code;
        if (typeof code === 'string' && ranPackageInstall(code)) {
          entry.installs.add(parent);
          this.invalidate(kernel);
        }
      } else if (
        msg.header.msg_type === 'status' &&
        (msg.content as { execution_state?: string }).execution_state ===
          'idle' &&
        entry.installs.delete(parent)
      ) {
        // The install is over: what was read while it ran is stale too.
        this.invalidate(kernel);
      }
    };
    const onDisposed = () => this._forget(kernel);
    kernel.statusChanged.connect(onStatus);
    kernel.iopubMessage.connect(onIOPub);
    kernel.disposed.connect(onDisposed);
    return () => {
      kernel.statusChanged.disconnect(onStatus);
      kernel.iopubMessage.disconnect(onIOPub);
      kernel.disposed.disconnect(onDisposed);
    };
  }

  private _forget(kernel: Kernel.IKernelConnection): void {
    const entry = this._entries.get(kernel);
    if (!entry) {
      return;
    }
    entry.unwatch();
    this._entries.delete(kernel);
    if (entry.report) {
      this._changed.emit({ kernel, report: null });
    }
  }

  private _probe: ProbeFunction;
  private _release: ReleaseFunction;
  private _options: IEnvReportStoreOptions;
  private _entries = new Map<Kernel.IKernelConnection, IEntry>();
  private _changed = new Signal<this, IEnvReportChange>(this);
}
