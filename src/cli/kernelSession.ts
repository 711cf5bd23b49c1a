/**
 * One kernel for the CLI: started through @jupyterlab/services over `ws`, probed with the
 * inspector's own probe (src/kernel/probeKernel.ts), shut down afterwards.
 */
import { KernelManager } from '@jupyterlab/services';
import type { Kernel, ServerConnection } from '@jupyterlab/services';

import { SHIPPED_KNOWLEDGE } from '../core/shippedKnowledge';
import { IEnvReport } from '../core/types';
import { ProbeResult, probeKernel } from '../kernel/probeKernel';
import { onStop } from './cleanup';

/** Probe bound: a heavy venv's first probe reads hundreds of distributions' metadata. */
export const PROBE_TIMEOUT_MS = 60000;

export async function startKernel(
  settings: ServerConnection.ISettings,
  name: string,
  timeoutMs = 120000
): Promise<{ manager: KernelManager; kernel: Kernel.IKernelConnection }> {
  const manager = new KernelManager({ serverSettings: settings });
  const kernel = await manager.startNew({ name });
  // A --url server outlives us: Ctrl-C must still shut down the kernel started here.
  stopOnInterrupt.set(
    kernel,
    onStop(() => stopKernel(manager, kernel))
  );
  let timer: NodeJS.Timeout | undefined;
  let onStatus: ((_: unknown, status: Kernel.Status) => void) | undefined;
  try {
    await Promise.race([
      kernel.info,
      new Promise((_, reject) => {
        onStatus = (_: unknown, status: Kernel.Status) => {
          if (status === 'dead') {
            reject(new Error(`kernel ${name} died while starting`));
          }
        };
        kernel.statusChanged.connect(onStatus);
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `kernel ${name} did not answer kernel_info in ${timeoutMs / 1000} s`
              )
            ),
          timeoutMs
        );
      })
    ]);
  } catch (err) {
    await stopKernel(manager, kernel);
    throw err;
  } finally {
    clearTimeout(timer);
    if (onStatus) {
      kernel.statusChanged.disconnect(onStatus);
    }
  }
  return { manager, kernel };
}

const stopOnInterrupt = new WeakMap<Kernel.IKernelConnection, () => void>();

export async function stopKernel(
  manager: KernelManager,
  kernel: Kernel.IKernelConnection
): Promise<void> {
  stopOnInterrupt.get(kernel)?.();
  try {
    if (!kernel.isDisposed && kernel.status !== 'dead') {
      await kernel.shutdown();
    } else {
      await manager.shutdown(kernel.id).catch(() => undefined);
    }
  } catch {
    // already gone
  }
  kernel.dispose();
  manager.dispose();
}

/** The kernel's environment report, or why there is none (one line). */
export async function readEnvironment(
  kernel: Kernel.IKernelConnection
): Promise<{ report: IEnvReport } | { problem: string }> {
  const result: ProbeResult = await probeKernel(kernel, {
    timeoutMs: PROBE_TIMEOUT_MS,
    watch: SHIPPED_KNOWLEDGE.packages,
    useSubshell: false
  });
  switch (result.kind) {
    case 'ok':
      return { report: result.report };
    case 'not-python':
      return {
        problem: `the kernel's language is ${result.language || 'unknown'}, not Python`
      };
    case 'timeout':
      return {
        problem: `the probe got no answer in ${Math.round(result.waitedMs / 1000)} s`
      };
    case 'dead':
      return { problem: 'the kernel is dead' };
    case 'no-kernel':
      return { problem: 'no kernel' };
    default:
      return { problem: result.message };
  }
}
