/**
 * The latest environment report per kernel, for diagnosing failing cells. One probe per kernel
 * (concurrent askers share it), none per failing cell; forgotten when the kernel restarts or a
 * cell installed packages. A probe that fails leaves no report: diagnoses go on without one.
 */
import type { Kernel } from '@jupyterlab/services';

import type { IEnvReport } from '../core/types';
import type { IProbeOptions, ProbeResult } from '../kernel/probeKernel';

export type ProbeFunction = (
  kernel: Kernel.IKernelConnection | null | undefined,
  options: IProbeOptions
) => Promise<ProbeResult>;

interface IEntry {
  report: IEnvReport | null;
  pending: Promise<IEnvReport | null> | null;
  generation: number;
}

export class EnvReportCache {
  constructor(probe: ProbeFunction, options: { timeoutMs?: number } = {}) {
    this._probe = probe;
    this._timeoutMs = options.timeoutMs ?? 5000;
  }

  /** Upper bound for one probe, ms (settings). */
  set timeoutMs(value: number) {
    this._timeoutMs = value;
  }

  /** The report held for this kernel, without asking it. */
  peek(kernel: Kernel.IKernelConnection | null | undefined): IEnvReport | null {
    return kernel ? (this._entries.get(kernel.id)?.report ?? null) : null;
  }

  /** The report for this kernel: held, in flight, or read now (once). */
  get(
    kernel: Kernel.IKernelConnection | null | undefined
  ): Promise<IEnvReport | null> {
    if (!kernel || kernel.isDisposed) {
      return Promise.resolve(null);
    }
    let entry = this._entries.get(kernel.id);
    if (!entry) {
      entry = { report: null, pending: null, generation: 0 };
      this._entries.set(kernel.id, entry);
      this._watch(kernel);
    }
    if (entry.report) {
      return Promise.resolve(entry.report);
    }
    if (!entry.pending) {
      const current = entry;
      const generation = current.generation;
      const pending = this._probe(kernel, { timeoutMs: this._timeoutMs })
        .then(result => (result.kind === 'ok' ? result.report : null))
        .catch(() => null)
        .then(report => {
          // A restart during the probe makes its answer stale.
          if (current.generation === generation) {
            current.report = report;
            current.pending = null;
          }
          return report;
        });
      current.pending = pending;
      return pending;
    }
    return entry.pending;
  }

  /** Forget what is known about this kernel (restart, package install). */
  invalidate(kernel: Kernel.IKernelConnection | null | undefined): void {
    const entry = kernel ? this._entries.get(kernel.id) : undefined;
    if (entry) {
      entry.generation++;
      entry.report = null;
      entry.pending = null;
    }
  }

  private _watch(kernel: Kernel.IKernelConnection): void {
    const onStatus = (_: Kernel.IKernelConnection, status: Kernel.Status) => {
      if (status === 'restarting' || status === 'autorestarting') {
        this.invalidate(kernel);
      } else if (status === 'dead') {
        this._forget(kernel, onStatus);
      }
    };
    kernel.statusChanged.connect(onStatus);
    kernel.disposed.connect(() => this._forget(kernel, onStatus));
  }

  private _forget(
    kernel: Kernel.IKernelConnection,
    onStatus: (k: Kernel.IKernelConnection, s: Kernel.Status) => void
  ): void {
    kernel.statusChanged.disconnect(onStatus);
    this._entries.delete(kernel.id);
  }

  private _probe: ProbeFunction;
  private _timeoutMs: number;
  private _entries = new Map<string, IEntry>();
}
