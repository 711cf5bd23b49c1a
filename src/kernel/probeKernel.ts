/**
 * Reads the kernel's environment with one silent, bounded request. The inspector and the CLI
 * call only this. A kernel subshell is used when the kernel has them, so a busy kernel still
 * answers; otherwise the request waits behind the running cell, never longer than timeoutMs.
 */
import { KernelMessage } from '@jupyterlab/services';
import type { Kernel } from '@jupyterlab/services';

import {
  EnvReportError,
  IWatchEntry,
  PROBE_EXPRESSION_KEY,
  buildProbeExpression,
  parseProbeReply,
  watchList
} from '../core/envReport';
import type { IEnvReport } from '../core/types';

export type ProbeResult =
  | { kind: 'ok'; report: IEnvReport }
  | { kind: 'no-kernel' }
  | { kind: 'not-python'; language: string }
  | { kind: 'timeout'; waitedMs: number; busy: boolean }
  | { kind: 'dead' }
  | { kind: 'error'; message: string };

export interface IProbeOptions {
  /** Upper bound for the whole request, ms. */
  timeoutMs: number;
  /** The shipped watch-list (the knowledge base's packages). */
  watch: IWatchEntry[];
  /** Distributions to watch beyond the shipped list (settings). */
  extraPackages?: string[];
  /** Called when the request has to wait behind a running cell (no subshell available). */
  onWaiting?: () => void;
  /** Use a kernel subshell when the kernel supports them (default true). */
  useSubshell?: boolean;
}

const DEAD_STATES: ReadonlySet<Kernel.Status> = new Set<Kernel.Status>([
  'dead'
]);

/** Thrown inside this module when the deadline passes; turned into a `timeout` result. */
class Deadline extends Error {}
/** Thrown inside this module when the kernel dies while we wait; turned into `dead`. */
class KernelDied extends Error {}

/**
 * Races `promise` against the deadline and the kernel's death. Cleans up its listeners.
 */
function bounded<T>(
  promise: Promise<T>,
  kernel: Kernel.IKernelConnection,
  deadline: number
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const remaining = Math.max(0, deadline - Date.now());
    const onStatus = (_: unknown, status: Kernel.Status) => {
      if (DEAD_STATES.has(status)) {
        finish();
        reject(new KernelDied());
      }
    };
    const onDisposed = () => {
      finish();
      reject(new KernelDied());
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Deadline());
    }, remaining);
    const finish = () => {
      clearTimeout(timer);
      kernel.statusChanged.disconnect(onStatus);
      kernel.disposed.disconnect(onDisposed);
    };
    kernel.statusChanged.connect(onStatus);
    kernel.disposed.connect(onDisposed);
    promise.then(
      value => {
        finish();
        resolve(value);
      },
      error => {
        finish();
        reject(error);
      }
    );
  });
}

/**
 * One probe subshell per kernel connection, created on first use and reused. Forgotten when
 * the kernel restarts (subshells die with the process); deleted by disposeProbeSubshell.
 */
const subshells = new WeakMap<
  Kernel.IKernelConnection,
  Promise<string | null>
>();

function forgetOnRestart(kernel: Kernel.IKernelConnection): void {
  const onStatus = (_: unknown, status: Kernel.Status) => {
    if (
      status === 'restarting' ||
      status === 'autorestarting' ||
      status === 'dead'
    ) {
      subshells.delete(kernel);
      kernel.statusChanged.disconnect(onStatus);
    }
  };
  kernel.statusChanged.connect(onStatus);
  kernel.disposed.connect(() => subshells.delete(kernel));
}

function probeSubshell(
  kernel: Kernel.IKernelConnection,
  deadline: number
): Promise<string | null> {
  let id = subshells.get(kernel);
  if (!id) {
    const request = kernel
      .requestCreateSubshell({}, true)
      .done.then(reply => {
        const content = reply.content as {
          status?: string;
          subshell_id?: string;
        };
        return content.status === 'ok' && content.subshell_id
          ? content.subshell_id
          : null;
      })
      .catch(() => null);
    id = request;
    subshells.set(kernel, request);
    forgetOnRestart(kernel);
  }
  // A subshell that cannot be made in time means: use the main shell.
  return bounded(id, kernel, deadline).catch(error => {
    if (error instanceof KernelDied) {
      throw error;
    }
    subshells.delete(kernel);
    return null;
  });
}

/** Deletes the probe subshell of this kernel, if one was made (call when done with it). */
export async function disposeProbeSubshell(
  kernel: Kernel.IKernelConnection
): Promise<void> {
  const id = await subshells.get(kernel);
  subshells.delete(kernel);
  if (id && !kernel.isDisposed && kernel.status !== 'dead') {
    await kernel.requestDeleteSubshell({ subshell_id: id }, true).done;
  }
}

/** The silent execute request of the probe, on the main shell or on a subshell. */
function sendProbe(
  kernel: Kernel.IKernelConnection,
  expression: string,
  subshellId: string | null
): Kernel.IShellFuture<
  KernelMessage.IExecuteRequestMsg,
  KernelMessage.IExecuteReplyMsg
> {
  const content: KernelMessage.IExecuteRequestMsg['content'] = {
    code: '',
    silent: true,
    store_history: false,
    allow_stdin: false,
    stop_on_error: false,
    user_expressions: { [PROBE_EXPRESSION_KEY]: expression }
  };
  if (subshellId === null) {
    return kernel.requestExecute(content, true);
  }
  // The connection's own requestExecute uses its own subshellId, so address the subshell
  // in the message header ourselves (JEP 91).
  const msg = KernelMessage.createMessage({
    msgType: 'execute_request',
    channel: 'shell',
    username: kernel.username,
    session: kernel.clientId,
    subshellId,
    content
  });
  return kernel.sendShellMessage(msg, true, true) as Kernel.IShellFuture<
    KernelMessage.IExecuteRequestMsg,
    KernelMessage.IExecuteReplyMsg
  >;
}

function isDead(kernel: Kernel.IKernelConnection): boolean {
  return kernel.isDisposed || DEAD_STATES.has(kernel.status);
}

export async function probeKernel(
  kernel: Kernel.IKernelConnection | null | undefined,
  options: IProbeOptions
): Promise<ProbeResult> {
  if (!kernel) {
    return { kind: 'no-kernel' };
  }
  if (isDead(kernel)) {
    return { kind: 'dead' };
  }
  const started = Date.now();
  const deadline = started + Math.max(0, options.timeoutMs);
  let expression: string;
  try {
    expression = buildProbeExpression(
      watchList(options.watch, options.extraPackages ?? [])
    );
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  let busy = kernel.status === 'busy';
  try {
    const info = await bounded(kernel.info, kernel, deadline);
    const language = info.language_info?.name ?? '';
    if (language.toLowerCase() !== 'python') {
      return { kind: 'not-python', language };
    }
    const subshellId =
      options.useSubshell !== false && kernel.supportsSubshells
        ? await probeSubshell(kernel, deadline)
        : null;
    busy = busy || kernel.status === 'busy';
    if (subshellId === null && busy) {
      options.onWaiting?.();
    }
    const future = sendProbe(kernel, expression, subshellId);
    let reply: KernelMessage.IExecuteReplyMsg;
    try {
      reply = await bounded(future.done, kernel, deadline);
    } catch (error) {
      // Stop listening; a silent request left in the queue runs later and prints nothing.
      future.dispose();
      throw error;
    }
    const content = reply.content;
    if (content.status !== 'ok') {
      return {
        kind: 'error',
        message: `the kernel answered the probe with status "${content.status}"`
      };
    }
    return { kind: 'ok', report: parseProbeReply(content.user_expressions) };
  } catch (error) {
    if (error instanceof Deadline) {
      return {
        kind: 'timeout',
        waitedMs: Date.now() - started,
        busy: busy || kernel.status === 'busy'
      };
    }
    if (error instanceof KernelDied || isDead(kernel)) {
      return { kind: 'dead' };
    }
    if (error instanceof EnvReportError) {
      return { kind: 'error', message: error.message };
    }
    return {
      kind: 'error',
      message: String((error as Error)?.message ?? error)
    };
  }
}

export { ranPackageInstall } from './packageInstall';
