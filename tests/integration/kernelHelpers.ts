/** Helpers that talk to a real kernel the way a user's notebook does. */
import { spawnSync } from 'child_process';

import type { Kernel, KernelMessage } from '@jupyterlab/services';

import { SHIPPED_KNOWLEDGE } from '../../src/core/shippedKnowledge';
import type { IEnvReport } from '../../src/core/types';
import { probeKernel } from '../../src/kernel/probeKernel';

/** Runs a cell as the notebook does (stored in history, counted) and returns its reply. */
export async function runCell(
  kernel: Kernel.IKernelConnection,
  code: string
): Promise<KernelMessage.IExecuteReplyMsg['content']> {
  const reply = await kernel.requestExecute({ code, store_history: true }).done;
  return reply.content;
}

/** What the kernel holds, read silently (no history, no count) without importing anything. */
export interface IKernelState {
  modules: string[];
  user_ns: string[];
  execution_count: number;
  history: number;
}

const STATE_EXPRESSION =
  "__import__('IPython').display.JSON({" +
  "'modules': sorted(__import__('sys').modules)," +
  "'user_ns': sorted(get_ipython().user_ns)," +
  "'execution_count': get_ipython().execution_count," +
  "'history': len(get_ipython().history_manager.input_hist_raw)})";

export async function kernelState(
  kernel: Kernel.IKernelConnection
): Promise<IKernelState> {
  const reply = await kernel.requestExecute({
    code: '',
    silent: true,
    store_history: false,
    user_expressions: { state: STATE_EXPRESSION }
  }).done;
  const state = (reply.content as any).user_expressions.state;
  if (state.status !== 'ok') {
    throw new Error(`state expression failed: ${state.ename}: ${state.evalue}`);
  }
  return state.data['application/json'];
}

/** Collects every IOPub message type the kernel sends while `action` runs. */
export async function iopubDuring<T>(
  kernel: Kernel.IKernelConnection,
  action: () => Promise<T>
): Promise<{ result: T; types: string[] }> {
  const types: string[] = [];
  const onMessage = (_: unknown, msg: KernelMessage.IIOPubMessage) => {
    types.push(msg.header.msg_type);
  };
  kernel.iopubMessage.connect(onMessage);
  try {
    const result = await action();
    // Let late IOPub messages of the request arrive.
    await new Promise(resolve => setTimeout(resolve, 300));
    return { result, types };
  } finally {
    kernel.iopubMessage.disconnect(onMessage);
  }
}

/** `importlib.metadata` in a separate process of that interpreter: distribution -> version. */
export function metadataVersions(
  python: string,
  distributions: string[]
): {
  [dist: string]: string | null;
} {
  const script = `
import importlib.metadata as md, json, sys
out = {}
for name in json.load(sys.stdin):
    try:
        out[name] = md.version(name)
    except md.PackageNotFoundError:
        out[name] = None
print(json.dumps(out))
`;
  const run = spawnSync(python, ['-c', script], {
    input: JSON.stringify(distributions),
    encoding: 'utf8'
  });
  if (run.status !== 0) {
    throw new Error(`importlib.metadata in ${python} failed: ${run.stderr}`);
  }
  return JSON.parse(run.stdout);
}

/** Resolves when the kernel reaches `status`, or rejects after timeoutMs. */
export function waitForStatus(
  kernel: Kernel.IKernelConnection,
  status: Kernel.Status,
  timeoutMs: number
): Promise<void> {
  if (kernel.status === status) {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      kernel.statusChanged.disconnect(onStatus);
      reject(
        new Error(
          `kernel did not become ${status} in ${timeoutMs} ms (is ${kernel.status})`
        )
      );
    }, timeoutMs);
    const onStatus = (_: unknown, next: Kernel.Status) => {
      if (next === status) {
        clearTimeout(timer);
        kernel.statusChanged.disconnect(onStatus);
        resolve();
      }
    };
    kernel.statusChanged.connect(onStatus);
  });
}

/** The shipped probe's report of a kernel; any other outcome fails the test with the reply. */
export async function probeOk(
  kernel: Kernel.IKernelConnection,
  timeoutMs = 20000
): Promise<IEnvReport> {
  const result = await probeKernel(kernel, {
    watch: SHIPPED_KNOWLEDGE.packages,
    timeoutMs
  });
  if (result.kind !== 'ok') {
    throw new Error(`probe gave ${JSON.stringify(result)}`);
  }
  return result.report;
}
