/**
 * The rules of knowledge/rules.json on real environments: the report probed from a real
 * ipykernel goes through evaluateRules. Which rules must fire follows from rules.json and the
 * versions installed there, which are first checked with importlib.metadata in that interpreter
 * (so a drift of the heavy venv fails here with a clear message, not as a wrong rule).
 */
import type { Kernel } from '@jupyterlab/services';

import type { IEnvReport } from '../../src/core/types';
import { probeKernel } from '../../src/kernel/probeKernel';
import { matches } from '../../src/core/versions';

import { PROJECT_PYTHON } from './jupyterServer';
import { metadataVersions, probeOk } from './kernelHelpers';
import { withServer } from './withServer';
import { SHIPPED_KNOWLEDGE } from '../../src/core/shippedKnowledge';

const WATCH = SHIPPED_KNOWLEDGE.packages;

const TIMEOUT_MS = 20000;

const jupyter = withServer({ heavy: true });

async function probedReport(kernelName: string): Promise<IEnvReport> {
  const kernel: Kernel.IKernelConnection =
    await jupyter.server.startKernel(kernelName);
  try {
    return await probeOk(kernel);
  } finally {
    await kernel.shutdown().catch(() => undefined);
  }
}

function ruleIds(report: IEnvReport): string[] {
  return SHIPPED_KNOWLEDGE.evaluateRules(report).map(finding => finding.rule);
}

describe('rules on the heavy kernel (tensorflow-cpu 2.21, torch 2.13, onnx, no onnxscript)', () => {
  let report: IEnvReport;
  let fired: string[];

  beforeAll(async () => {
    const installed = metadataVersions(jupyter.heavyPython, [
      'tensorflow-cpu',
      'torch',
      'onnx',
      'onnxscript',
      'keras',
      'tf-keras',
      'onnxruntime'
    ]);
    // The premises the expectations below rest on.
    expect(matches(installed['tensorflow-cpu'] ?? '', '>=2.16')).toBe(true);
    expect(matches(installed.torch ?? '', '>=2.9')).toBe(true);
    expect(matches(installed.keras ?? '', '>=3')).toBe(true);
    expect(installed.onnx).not.toBeNull();
    expect(installed.onnxscript).toBeNull();
    expect(installed['tf-keras']).toBeNull();
    expect(installed.onnxruntime).toBeNull();

    report = await probedReport('heavy');
    fired = ruleIds(report);
  }, 120000);

  it('fires the torch >= 2.9 rules: dynamo by default without onnxscript, weights_only load', () => {
    expect(fired).toEqual(
      expect.arrayContaining([
        'torch-dynamo-without-onnxscript',
        'torch-dynamo-default',
        'torch-load-weights-only'
      ])
    );
    const dynamo = SHIPPED_KNOWLEDGE.evaluateRules(report).find(
      finding => finding.rule === 'torch-dynamo-without-onnxscript'
    );
    expect(dynamo?.severity).toBe('warning');
    expect(dynamo?.packages).toEqual({
      torch: report.packages.torch.installed,
      onnxscript: null
    });
    expect(dynamo?.message).toContain(report.packages.torch.installed);
  });

  it('fires keras3-active: TF >= 2.16 with Keras 3 and no tf-keras', () => {
    expect(fired).toContain('keras3-active');
    const finding = SHIPPED_KNOWLEDGE.evaluateRules(report).find(
      f => f.rule === 'keras3-active'
    );
    expect(finding?.message).toContain(
      report.packages['tensorflow-cpu'].installed
    );
    expect(finding?.message).toContain(report.packages.keras.installed);
  });

  it('does not fire rules whose premises this environment contradicts', () => {
    for (const id of [
      // TF 2.21 takes numpy 2 and protobuf 7; Keras 3 is right for it.
      'numpy-too-new-for-tf-lt2.18',
      'numpy-too-new-for-tf-2.19',
      'protobuf-above-tf-2.18-2.19',
      'keras3-on-tf215',
      // onnxruntime is not installed there: no IR-version pairing with it.
      'onnx-ir-14-vs-ort',
      // nothing was imported, so nothing loaded differs from what is installed.
      'loaded-differs-from-installed',
      // no tensorflow-addons, onnx-tf, onnx2tf.
      'tfa-on-tf216',
      'onnx-tf-dead-on-new-tf',
      'onnx2tf-2-needs-py312'
    ]) {
      expect(fired).not.toContain(id);
    }
  });

  it('after a real `import torch` cell: loaded equals installed, the torch rules still fire', async () => {
    // Importing torch for real makes `loaded` equal `installed`: the rule must stay silent.
    const kernel = await jupyter.server.startKernel('heavy');
    try {
      await kernel.requestExecute({ code: 'import torch' }).done;
      const result = await probeKernel(kernel, {
        watch: WATCH,
        timeoutMs: TIMEOUT_MS
      });
      expect(result.kind).toBe('ok');
      if (result.kind === 'ok') {
        expect(result.report.packages.torch.loaded).toBe(
          result.report.packages.torch.installed
        );
        expect(ruleIds(result.report)).not.toContain(
          'loaded-differs-from-installed'
        );
        expect(ruleIds(result.report)).toContain(
          'torch-dynamo-without-onnxscript'
        );
      }
    } finally {
      await kernel.shutdown().catch(() => undefined);
    }
  }, 120000);
});

describe('rules on the project kernel (onnx 1.23 with onnxruntime >= 1.31, no torch, no TF)', () => {
  it('fires no torch or TF rule and no onnx IR pairing rule', async () => {
    const installed = metadataVersions(PROJECT_PYTHON, [
      'onnx',
      'onnxruntime',
      'torch',
      'tensorflow',
      'tensorflow-cpu'
    ]);
    expect(installed.torch).toBeNull();
    expect(installed.tensorflow ?? installed['tensorflow-cpu']).toBeNull();
    expect(matches(installed.onnxruntime ?? '', '>=1.31')).toBe(true);

    const fired = ruleIds(await probedReport('python3'));
    expect(fired.filter(id => /^(torch-|keras3-|onnx-ir-)/.test(id))).toEqual(
      []
    );
  }, 120000);
});
