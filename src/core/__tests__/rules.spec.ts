import { IEnvReport } from '../types';
import { makeEnvReport } from './makeEnvReport';
import { SHIPPED_KNOWLEDGE } from '../shippedKnowledge';
import { loadFailureLab } from './failureLabFixtures';

/** An EnvReport in the probe's contract shape (types.ts), as the kernel would send it. */
const report = makeEnvReport;

const ids = (r: IEnvReport) =>
  SHIPPED_KNOWLEDGE.evaluateRules(r).map(f => f.rule);

describe('evaluateRules', () => {
  it('flags onnx-tf on a modern TF, tensorflow-addons past its range, worst first', () => {
    const findings = SHIPPED_KNOWLEDGE.evaluateRules(
      report({
        'onnx-tf': '1.10.0',
        tensorflow: '2.17.0',
        'tensorflow-addons': '0.23.0',
        keras: '3.4.1',
        numpy: '1.26.4'
      })
    );
    const rules = findings.map(f => f.rule);
    expect(rules).toEqual(
      expect.arrayContaining([
        'onnx-tf-dead-on-new-tf',
        'tfa-on-tf216',
        'tfa-eol',
        'keras3-active'
      ])
    );
    const order = { error: 0, warning: 1, info: 2 };
    for (let i = 1; i < findings.length; i++) {
      expect(order[findings[i - 1].severity]).toBeLessThanOrEqual(
        order[findings[i].severity]
      );
    }
    const dead = findings.find(f => f.rule === 'onnx-tf-dead-on-new-tf')!;
    expect(dead.message).toBe(
      'onnx-tf 1.10.0 cannot work with TensorFlow 2.17.0'
    );
    expect(dead.packages).toEqual({
      'onnx-tf': '1.10.0',
      tensorflow: '2.17.0'
    });
    expect(dead.sources.length).toBeGreaterThan(0);
    expect(dead.fix).toContain('onnx-tflite');
  });

  it('uses TF aliases (tensorflow-cpu) and names them canonically in messages', () => {
    const f = SHIPPED_KNOWLEDGE.evaluateRules(
      report({ 'tensorflow-cpu': '2.16.1', 'onnx-tf': '1.10.0' })
    ).find(x => x.rule === 'onnx-tf-dead-on-new-tf')!;
    expect(f.message).toContain('TensorFlow 2.16.1');
  });

  it('does not fire onnx-tf rules on the TF it was validated with', () => {
    const r = ids(
      report({
        'onnx-tf': '1.10.0',
        tensorflow: '2.8.0',
        'tensorflow-addons': '0.16.1'
      })
    );
    expect(r).not.toContain('onnx-tf-dead-on-new-tf');
    expect(r).not.toContain('onnx-tf-1.10-tf-pairing');
    expect(r).not.toContain('tfa-0.16-tf-range');
    expect(ids(report({ 'onnx-tf': '1.10.0', tensorflow: '2.6.0' }))).toContain(
      'onnx-tf-1.10-tf-pairing'
    );
  });

  it('knows numpy 2 against TF builds and tf2onnx', () => {
    expect(ids(report({ tensorflow: '2.17.1', numpy: '2.0.2' }))).toContain(
      'numpy-too-new-for-tf-lt2.18'
    );
    expect(ids(report({ tensorflow: '2.18.0', numpy: '2.0.2' }))).not.toContain(
      'numpy-too-new-for-tf-lt2.18'
    );
    expect(ids(report({ tensorflow: '2.18.0', numpy: '2.1.3' }))).toContain(
      'numpy-too-new-for-tf-2.18'
    );
    expect(ids(report({ tf2onnx: '1.16.1', numpy: '2.0.2' }))).toContain(
      'numpy2-tf2onnx'
    );
    expect(ids(report({ tf2onnx: '1.17.0', numpy: '2.0.2' }))).not.toContain(
      'numpy2-tf2onnx'
    );
  });

  it('knows protobuf against TF, tf2onnx and onnx', () => {
    expect(ids(report({ tensorflow: '2.8.4', protobuf: '4.21.0' }))).toContain(
      'protobuf-too-new-old-tf'
    );
    expect(ids(report({ tf2onnx: '1.16.1', protobuf: '4.25.5' }))).toContain(
      'protobuf-tf2onnx-pin'
    );
    expect(ids(report({ onnx: '1.16.0', protobuf: '3.19.6' }))).toContain(
      'protobuf-too-old-for-onnx-114'
    );
    expect(ids(report({ onnx: '1.16.0', protobuf: '4.25.5' }))).not.toContain(
      'protobuf-too-old-for-onnx-114'
    );
  });

  it('knows onnx IR defaults against the installed onnxruntime', () => {
    expect(ids(report({ onnx: '1.14.1', onnxruntime: '1.14.1' }))).toContain(
      'onnx-ir-9-vs-ort'
    );
    expect(
      ids(report({ onnx: '1.14.1', onnxruntime: '1.16.3' }))
    ).not.toContain('onnx-ir-9-vs-ort');
    expect(ids(report({ onnx: '1.23.2', onnxruntime: '1.30.0' }))).toContain(
      'onnx-ir-14-vs-ort'
    );
    expect(
      ids(report({ onnx: '1.23.2', onnxruntime: '1.32.0' }))
    ).not.toContain('onnx-ir-14-vs-ort');
  });

  it('knows torch >= 2.9 without onnxscript, tf_keras skew, TFP and onnx2tf generations', () => {
    expect(ids(report({ torch: '2.13.0' }))).toContain(
      'torch-dynamo-without-onnxscript'
    );
    expect(ids(report({ torch: '2.13.0', onnxscript: '0.6.2' }))).not.toContain(
      'torch-dynamo-without-onnxscript'
    );
    expect(ids(report({ torch: '2.8.0' }))).not.toContain(
      'torch-dynamo-without-onnxscript'
    );
    expect(ids(report({ tensorflow: '2.19.0', tf_keras: '2.17.0' }))).toContain(
      'tf-keras-skew'
    );
    expect(
      ids(report({ tensorflow: '2.19.0', 'tf-keras': '2.19.0' }))
    ).not.toContain('tf-keras-skew');
    expect(
      ids(report({ tensorflow: '2.16.1', 'tensorflow-probability': '0.23.0' }))
    ).toContain('tfp-old-on-tf216');
    expect(
      ids(report({ 'tensorflow-probability': '0.24.0', tensorflow: '2.16.1' }))
    ).toContain('tfp-needs-tf-keras');
    const py311 = report({ onnx2tf: '2.6.7' });
    expect(ids(py311)).toContain('onnx2tf-2-needs-py312');
    const py312 = report(
      { onnx2tf: '2.6.7' },
      { python: { ...py311.python, version: '3.12.1' } }
    );
    expect(ids(py312)).not.toContain('onnx2tf-2-needs-py312');
    expect(ids(report({ onnx2tf: '1.20.0', tensorflow: '2.13.1' }))).toContain(
      'onnx2tf-new-on-tf213'
    );
  });

  it('flags OpenCV 5 and installed != loaded versions', () => {
    expect(ids(report({ 'opencv-python-headless': '5.0.0.93' }))).toContain(
      'opencv5-no-darknet'
    );
    expect(
      ids(report({ 'opencv-python-headless': '4.13.0.92' }))
    ).not.toContain('opencv5-no-darknet');
    const f = SHIPPED_KNOWLEDGE.evaluateRules(
      report({
        numpy: { installed: '2.0.2', loaded: '1.26.4' },
        torch: { installed: '2.13.0', loaded: '2.13.0+cpu' }
      })
    ).find(x => x.rule === 'loaded-differs-from-installed')!;
    expect(f.packages).toEqual({ numpy: 'installed 2.0.2, loaded 1.26.4' });
  });

  it('uses the cuda section', () => {
    const gpu = (cudnn: string | null, driver: string | null) => ({
      driver,
      env: {},
      wheels: {},
      cuda_runtime: '12.4',
      cudnn,
      libraries: []
    });
    expect(
      ids(
        report(
          { 'onnxruntime-gpu': '1.20.1' },
          { cuda: gpu('8.9.7', '550.54') }
        )
      )
    ).toContain('ort-gpu-120-needs-cudnn9');
    expect(
      ids(
        report(
          { 'onnxruntime-gpu': '1.20.1' },
          { cuda: gpu('9.1.0', '550.54') }
        )
      )
    ).not.toContain('ort-gpu-120-needs-cudnn9');
    expect(
      ids(report({ onnxruntime: '1.30.0' }, { cuda: gpu(null, '580.159.04') }))
    ).toContain('ort-cpu-on-gpu-host');
    expect(ids(report({ onnxruntime: '1.30.0' }))).not.toContain(
      'ort-cpu-on-gpu-host'
    );
  });

  it('returns nothing for a clean environment and rejects a non-report', () => {
    expect(
      SHIPPED_KNOWLEDGE.evaluateRules(
        report({ numpy: '2.2.6', onnx: '1.20.1', onnxruntime: '1.26.0' })
      )
    ).toEqual([]);
    expect(() => SHIPPED_KNOWLEDGE.evaluateRules({} as IEnvReport)).toThrow(
      /not an environment report/
    );
  });
});

describe('evaluateRules on the failure lab’s real environment reports', () => {
  // Reports written by the real probe in real venvs (tests/fixtures/failure-lab, lab/).
  const reports: [string, IEnvReport][] = loadFailureLab().map(([f, fx]) => [
    f,
    fx.env
  ]);
  const byCase = (name: string) => reports.find(([f]) => f === name)?.[1];

  it('evaluates every real report, worst first', () => {
    const order = { error: 0, warning: 1, info: 2 };
    for (const [, env] of reports) {
      const findings = SHIPPED_KNOWLEDGE.evaluateRules(env);
      for (let i = 1; i < findings.length; i++) {
        expect(order[findings[i - 1].severity]).toBeLessThanOrEqual(
          order[findings[i].severity]
        );
      }
    }
  });

  it('explains the environments the failures came from', () => {
    const expectations: [string, string][] = [
      ['opencv49_numpy2_abi.json', 'numpy2-opencv-old'],
      ['onnx112_protobuf4_descriptors.json', 'protobuf-too-new-onnx-112'],
      ['onnx116_protobuf319_builder.json', 'protobuf-too-old-for-onnx-114'],
      ['tfa_import_under_keras3.json', 'tfa-on-tf216'],
      [
        'torch_onnx_export_no_onnxscript.json',
        'torch-dynamo-without-onnxscript'
      ]
    ];
    for (const [name, rule] of expectations) {
      const env = byCase(name);
      expect({ name, found: !!env }).toEqual({ name, found: true });
      expect({
        name,
        rules: SHIPPED_KNOWLEDGE.evaluateRules(env!).map(f => f.rule)
      }).toEqual({
        name,
        rules: expect.arrayContaining([rule])
      });
    }
  });

  it('does not count a module loaded through another distribution as installed', () => {
    // The probe reports onnxruntime-gpu "loaded" (the shared `onnxruntime` module) with no metadata.
    const cases = reports.filter(([, env]) => {
      const gpu = env.packages['onnxruntime-gpu'];
      return gpu && !gpu.installed;
    });
    expect(cases.length).toBeGreaterThan(0);
    for (const [name, env] of reports) {
      const gpu = env.packages['onnxruntime-gpu'];
      if (gpu && !gpu.installed) {
        expect({
          name,
          rules: SHIPPED_KNOWLEDGE.evaluateRules(env).map(f => f.rule)
        }).toEqual({
          name,
          rules: expect.not.arrayContaining(['ort-cpu-and-gpu'])
        });
      }
    }
  });
});
