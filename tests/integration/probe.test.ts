/**
 * The probe against real ipykernels: the project venv's and a heavy venv with real
 * tensorflow-cpu, torch 2.13.0 and onnx. Versions are checked against importlib.metadata run in
 * the same interpreter; the no-heavy-import and no-trace guarantees against the kernel's state.
 */
import type { Kernel } from '@jupyterlab/services';

import { SHIPPED_KNOWLEDGE } from '../../src/core/shippedKnowledge';

import { PROJECT_PYTHON } from './jupyterServer';
import {
  iopubDuring,
  kernelState,
  metadataVersions,
  probeOk,
  runCell
} from './kernelHelpers';
import { withServer } from './withServer';

const HEAVY_MODULES = [
  'tensorflow',
  'torch',
  'onnx',
  'jax',
  'cv2',
  'keras',
  'onnxruntime'
];

const jupyter = withServer({ heavy: true });

describe.each([
  ['python3', () => PROJECT_PYTHON],
  ['heavy', () => jupyter.heavyPython]
])('the probe on the %s kernel', (kernelName, python) => {
  let kernel: Kernel.IKernelConnection;

  beforeAll(async () => {
    kernel = await jupyter.server.startKernel(kernelName);
    // A first cell, as a user would have run, so there is history and a count to keep.
    await runCell(kernel, 'user_value = 41');
  }, 60000);

  afterAll(async () => {
    await kernel?.shutdown().catch(() => undefined);
  });

  it('on first use, imports nothing heavy and leaves no trace (namespace, count, history, output)', async () => {
    const before = await kernelState(kernel);
    const { result, types } = await iopubDuring(kernel, () => probeOk(kernel));
    const after = await kernelState(kernel);
    expect(result.schema_version).toBe(1);

    const added = after.modules.filter(name => !before.modules.includes(name));
    const heavy = added.filter(name =>
      HEAVY_MODULES.includes(name.split('.')[0])
    );
    expect(heavy).toEqual([]);
    // Not even the standard library: the probe uses only modules the kernel already holds.
    expect(added).toEqual([]);
    expect(after.modules).toEqual(before.modules);
    for (const name of HEAVY_MODULES) {
      expect(after.modules).not.toContain(name);
    }
    expect(after.user_ns).toEqual(before.user_ns);
    expect(after.execution_count).toBe(before.execution_count);
    expect(after.history).toBe(before.history);
    expect(types.filter(type => type !== 'status')).toEqual([]);

    // The next real cell gets the next count: the probe did not take one.
    const reply = await runCell(kernel, 'user_value + 1');
    expect(reply.execution_count).toBe(before.execution_count);
  });

  it('reports installed versions equal to importlib.metadata in that interpreter', async () => {
    const report = await probeOk(kernel);
    const watched = SHIPPED_KNOWLEDGE.packages.map(entry => entry.distribution);
    expect(Object.keys(report.packages).sort()).toEqual([...watched].sort());
    const expected = metadataVersions(python(), watched);
    const installed = Object.fromEntries(
      watched.map(d => [d, report.packages[d].installed])
    );
    expect(installed).toEqual(expected);
    // The kernelspec may launch `python` or `python3`: both live in the venv's bin/.
    expect(
      report.python.executable.startsWith(python().replace(/python3?$/, ''))
    ).toBe(true);
    expect(report.python.env_kind).toBe('venv');
    expect(report.errors).toEqual([]);
    if (kernelName === 'heavy') {
      expect(installed['tensorflow-cpu']).toMatch(/^2\./);
      expect(installed.torch).toMatch(/^2\.13\.0/);
      expect(installed.onnx).toMatch(/^1\./);
    }
  });

  it('shows a loaded version only after a real `import numpy` cell', async () => {
    const first = await probeOk(kernel);
    expect(first.packages.numpy.installed).toMatch(/^\d+\./);
    expect(first.packages.numpy.loaded).toBeNull();

    const cell = await kernel.requestExecute({
      code: 'import numpy\nnumpy.__version__'
    });
    let shown = '';
    cell.onIOPub = msg => {
      if (msg.header.msg_type === 'execute_result') {
        shown = String((msg.content as any).data['text/plain']).replace(
          /'/g,
          ''
        );
      }
    };
    await cell.done;
    const second = await probeOk(kernel);
    expect(second.packages.numpy.loaded).toBe(shown);
    expect(second.packages.numpy.loaded).toBe(second.packages.numpy.installed);
    expect(second.packages.onnx.loaded).toBeNull();
  });
});
