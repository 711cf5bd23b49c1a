/**
 * The probe's bounded states against real kernels: a busy kernel answers through a subshell,
 * and without one the probe waits (onWaiting) or times out; a dead kernel gives `dead`; a
 * non-Python kernel gives `not-python`.
 */
import type { Kernel } from '@jupyterlab/services';

import {
  disposeProbeSubshell,
  probeKernel
} from '../../src/kernel/probeKernel';

import { runCell, waitForStatus } from './kernelHelpers';
import { withServer } from './withServer';
import { SHIPPED_KNOWLEDGE } from '../../src/core/shippedKnowledge';

const WATCH = SHIPPED_KNOWLEDGE.packages;

const jupyter = withServer();

/** Starts a cell that keeps the main shell busy for `seconds`; resolves once the kernel is busy. */
async function occupy(
  kernel: Kernel.IKernelConnection,
  seconds: number
): Promise<{ done: Promise<unknown> }> {
  const done = kernel.requestExecute({
    code: `import time; time.sleep(${seconds})`
  }).done;
  await waitForStatus(kernel, 'busy', 10000);
  return { done };
}

describe('a busy python3 kernel', () => {
  let kernel: Kernel.IKernelConnection;

  beforeAll(async () => {
    kernel = await jupyter.server.startKernel('python3');
  }, 60000);

  afterAll(async () => {
    await kernel?.shutdown().catch(() => undefined);
  });

  it('supports subshells (ipykernel 7)', () => {
    expect(kernel.supportsSubshells).toBe(true);
  });

  it('answers through one reused subshell while a cell runs', async () => {
    const { done: running } = await occupy(kernel, 6);
    let cellFinished = false;
    void running.then(() => (cellFinished = true));
    let waited = false;
    const started = Date.now();
    const first = await probeKernel(kernel, {
      watch: WATCH,
      timeoutMs: 5000,
      onWaiting: () => (waited = true)
    });
    const second = await probeKernel(kernel, {
      watch: WATCH,
      timeoutMs: 5000
    });
    const elapsed = Date.now() - started;
    expect(first.kind).toBe('ok');
    expect(second.kind).toBe('ok');
    expect(waited).toBe(false);
    // The answers did not wait for the cell. (kernel.status is no witness here: the subshell's
    // own idle status updates it.)
    expect(cellFinished).toBe(false);
    expect(elapsed).toBeLessThan(5000);
    const listed = await kernel.requestListSubshell({}).done;
    expect((listed.content as any).subshell_id.length).toBe(1);

    await disposeProbeSubshell(kernel);
    const after = await kernel.requestListSubshell({}).done;
    expect((after.content as any).subshell_id).toEqual([]);
    await running;
  });

  it('without a subshell, times out while the cell runs and says the kernel was busy', async () => {
    const { done: running } = await occupy(kernel, 4);
    let waited = false;
    const result = await probeKernel(kernel, {
      watch: WATCH,
      timeoutMs: 1000,
      useSubshell: false,
      onWaiting: () => (waited = true)
    });
    expect(result).toEqual({
      kind: 'timeout',
      waitedMs: expect.any(Number),
      busy: true
    });
    expect((result as { waitedMs: number }).waitedMs).toBeGreaterThanOrEqual(
      1000
    );
    expect((result as { waitedMs: number }).waitedMs).toBeLessThan(3000);
    expect(waited).toBe(true);
    await running;
  });

  it('without a subshell, waits behind the running cell and then answers', async () => {
    const { done: running } = await occupy(kernel, 2);
    let waited = false;
    const result = await probeKernel(kernel, {
      watch: WATCH,
      timeoutMs: 20000,
      useSubshell: false,
      onWaiting: () => (waited = true)
    });
    expect(waited).toBe(true);
    expect(result.kind).toBe('ok');
    await running;
  });
});

describe('a dead kernel', () => {
  it('gives `dead` when it died before the probe', async () => {
    const kernel = await jupyter.server.startKernel('python3');
    kernel.requestExecute({ code: 'import os; os._exit(1)' });
    await waitForStatus(kernel, 'dead', 30000);
    expect(
      await probeKernel(kernel, {
        watch: WATCH,
        timeoutMs: 5000
      })
    ).toEqual({
      kind: 'dead'
    });
    kernel.dispose();
  });

  it('gives `dead` (not a timeout) when it dies while the probe waits', async () => {
    const kernel = await jupyter.server.startKernel('python3');
    kernel.requestExecute({
      code: 'import os, time; time.sleep(1.5); os._exit(1)'
    });
    await waitForStatus(kernel, 'busy', 10000);
    const started = Date.now();
    const result = await probeKernel(kernel, {
      watch: WATCH,
      timeoutMs: 30000,
      useSubshell: false
    });
    expect(result).toEqual({ kind: 'dead' });
    expect(Date.now() - started).toBeLessThan(30000);
    kernel.dispose();
  });
});

describe('other kernels', () => {
  it('a non-Python kernel gives `not-python` with its language, not an error', async () => {
    const kernel = await jupyter.server.startKernel('echo');
    // It is a real, working kernel.
    expect((await runCell(kernel, 'hello')).status).toBe('ok');
    expect(
      await probeKernel(kernel, {
        watch: WATCH,
        timeoutMs: 10000
      })
    ).toEqual({
      kind: 'not-python',
      language: 'echo'
    });
    await kernel.shutdown();
  });

  it('no kernel gives `no-kernel`', async () => {
    expect(
      await probeKernel(null, {
        watch: WATCH,
        timeoutMs: 1000
      })
    ).toEqual({
      kind: 'no-kernel'
    });
  });
});
