/**
 * The shared environment-report store against a real ipykernel: concurrent readers share one
 * probe, the report is forgotten after a real install cell (`%pip uninstall`, no network), on a
 * real restart and on shutdown, and every change is signalled.
 */
import type { Kernel } from '@jupyterlab/services';

import type { IEnvReport } from '../../src/core/types';
import {
  EnvReportStore,
  IEnvReportChange
} from '../../src/kernel/envReportStore';
import {
  disposeProbeSubshell,
  probeKernel
} from '../../src/kernel/probeKernel';

import { runCell, waitForStatus } from './kernelHelpers';
import { withServer } from './withServer';
import { SHIPPED_KNOWLEDGE } from '../../src/core/shippedKnowledge';

const WATCH = SHIPPED_KNOWLEDGE.packages;

const jupyter = withServer();

/** The store over the real probe, counting the probes it really sends. */
function countingStore(): { store: EnvReportStore; probes: () => number } {
  let count = 0;
  const store = new EnvReportStore(
    (kernel, options) => {
      count++;
      return probeKernel(kernel, options);
    },
    { watch: WATCH, timeoutMs: 20000 }
  );
  return { store, probes: () => count };
}

function changesOf(store: EnvReportStore): IEnvReportChange[] {
  const changes: IEnvReportChange[] = [];
  store.changed.connect((_, change) => changes.push(change));
  return changes;
}

describe('the environment-report store on a real python3 kernel', () => {
  let kernel: Kernel.IKernelConnection;

  beforeEach(async () => {
    kernel = await jupyter.server.startKernel('python3');
  }, 60000);

  afterEach(async () => {
    if (!kernel.isDisposed) {
      await kernel.shutdown().catch(() => undefined);
    }
  });

  it('shares one probe between concurrent readers and holds its report', async () => {
    const { store, probes } = countingStore();
    const changes = changesOf(store);
    const [a, b, c] = await Promise.all([
      store.probe(kernel),
      store.ensure(kernel),
      store.probe(kernel)
    ]);
    expect(probes()).toBe(1);
    expect(a.kind).toBe('ok');
    const report = (a as { report: IEnvReport }).report;
    expect(b).toBe(report);
    expect(c).toBe(a);
    expect(store.latest(kernel)).toBe(report);
    expect(changes).toEqual([{ kernel, report }]);

    // A held report is handed out without asking the kernel again.
    expect(await store.ensure(kernel)).toBe(report);
    expect(probes()).toBe(1);
    store.dispose();
  });

  it('forgets the report after a real install cell, and reads the new state on demand', async () => {
    const { store, probes } = countingStore();
    await store.ensure(kernel);
    expect(store.latest(kernel)).not.toBeNull();
    const changes = changesOf(store);

    // A real pip run through the %pip magic; uninstalling an absent name needs no network.
    const reply = await runCell(
      kernel,
      '%pip uninstall -y convert-doctor-no-such-distribution'
    );
    expect(reply.status).toBe('ok');
    expect(store.latest(kernel)).toBeNull();
    expect(changes.map(change => change.report)).toEqual([null]);

    // Read again once the install is over; a cell that installs nothing keeps that report.
    await runCell(kernel, 'x = 1');
    const fresh = await store.ensure(kernel);
    expect(fresh).not.toBeNull();
    expect(probes()).toBe(2);
    await runCell(kernel, 'y = 2');
    expect(store.latest(kernel)).toBe(fresh);
    expect(changes.map(change => change.report)).toEqual([null, fresh]);
    store.dispose();
  }, 120000);

  it('forgets the report on a real restart and when the kernel is shut down', async () => {
    const { store } = countingStore();
    await store.ensure(kernel);
    await runCell(kernel, 'import json');
    const before = await store.probe(kernel);
    expect(before.kind).toBe('ok');
    expect(store.latest(kernel)?.packages).toBeDefined();
    const changes = changesOf(store);

    await kernel.restart();
    await waitForStatus(kernel, 'idle', 60000);
    expect(store.latest(kernel)).toBeNull();
    expect(changes.map(change => change.report)).toEqual([null]);

    const after = await store.ensure(kernel);
    expect(after).not.toBeNull();
    expect(store.latest(kernel)).toBe(after);

    await kernel.shutdown();
    expect(store.latest(kernel)).toBeNull();
    expect(changes.map(change => change.report)).toEqual([null, after, null]);
    // A dead or disposed kernel is never probed: the store says so.
    expect((await store.probe(kernel)).kind).toBe('dead');
    store.dispose();
  }, 120000);
  it('hands out but does not hold a read that an invalidation overtook', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>(resolve => (release = resolve));
    const store = new EnvReportStore(
      async (k, options) => {
        await gate; // hold the real read until the test has invalidated
        return probeKernel(k, options);
      },
      { watch: WATCH, timeoutMs: 20000 }
    );
    const changes = changesOf(store);
    const reading = store.probe(kernel);
    store.invalidate(kernel);
    release();
    const result = await reading;
    expect(result.kind).toBe('ok');
    expect(store.latest(kernel)).toBeNull();
    expect(changes).toEqual([]);
    // The next reader starts a new read rather than joining the stale one.
    const next = await store.ensure(kernel);
    expect(next).not.toBeNull();
    expect(store.latest(kernel)).toBe(next);
    store.dispose();
  });

  it('reads again with a changed watch-list, and only then', async () => {
    const { store, probes } = countingStore();
    const first = await store.ensure(kernel);
    expect(first?.packages).not.toHaveProperty('ipykernel');
    store.configure({ timeoutMs: 15000 });
    expect(store.latest(kernel)).toBe(first);
    store.configure({ extraPackages: ['ipykernel'] });
    expect(store.latest(kernel)).toBeNull();
    const second = await store.ensure(kernel);
    expect(probes()).toBe(2);
    expect(second?.packages.ipykernel.installed).toMatch(/^7\./);
    store.dispose();
  });

  it('deletes the probe subshell when disposed (a page reload must not leave one more)', async () => {
    expect(kernel.supportsSubshells).toBe(true);
    const subshells = async () =>
      ((await kernel.requestListSubshell({}).done).content as any)
        .subshell_id as string[];
    const store = new EnvReportStore(
      probeKernel,
      { watch: WATCH, timeoutMs: 20000 },
      disposeProbeSubshell
    );
    expect((await store.probe(kernel)).kind).toBe('ok');
    expect((await subshells()).length).toBe(1);
    store.dispose();
    const deadline = Date.now() + 10000;
    while ((await subshells()).length > 0 && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    expect(await subshells()).toEqual([]);

    // release() alone frees it too, and the next probe makes a new one.
    const again = new EnvReportStore(
      probeKernel,
      { watch: WATCH, timeoutMs: 20000 },
      disposeProbeSubshell
    );
    expect((await again.probe(kernel)).kind).toBe('ok');
    expect((await subshells()).length).toBe(1);
    await again.release();
    expect(await subshells()).toEqual([]);
    again.invalidate(kernel);
    expect((await again.probe(kernel)).kind).toBe('ok');
    expect((await subshells()).length).toBe(1);
    again.dispose();
  });

  it('answers no-kernel for no kernel and holds nothing', async () => {
    const { store } = countingStore();
    expect((await store.probe(null)).kind).toBe('no-kernel');
    expect(await store.ensure(undefined)).toBeNull();
    expect(store.latest(null)).toBeNull();
    store.dispose();
  });
});
