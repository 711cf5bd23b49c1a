/** The ONNX runtime table (knowledge/runtimes.json) as `verify` reads it. */
import {
  readRuntimeTable,
  runtimeLimit,
  runtimeVerdicts,
  tfliteGaps,
  tfliteOpName,
  tfliteRuntime,
  TfliteRuntimeName,
  tfliteVerdicts
} from '../runtimes';
import { matches } from '../versions';
import { SHIPPED_RUNTIMES } from '../shippedKnowledge';

describe('runtime table', () => {
  it('finds the entry of a runtime version (the measured facts)', () => {
    const limit = (runtime: 'onnxruntime' | 'onnxruntime-node', v: string) => {
      const entry = runtimeLimit(SHIPPED_RUNTIMES, runtime, v);
      return entry && [entry.max_ir, entry.max_opset['ai.onnx']];
    };
    expect(limit('onnxruntime-node', '1.20.1')).toEqual([10, 21]);
    expect(limit('onnxruntime-node', '1.22.0')).toEqual([10, 22]);
    expect(limit('onnxruntime-node', '1.23.2')).toEqual([11, 23]);
    expect(limit('onnxruntime-node', '1.24.3')).toEqual([13, 25]);
    expect(limit('onnxruntime-node', '1.30.0')).toEqual([13, 26]);
    expect(limit('onnxruntime', '1.32.0')).toEqual([14, 28]);
    expect(limit('onnxruntime-node', '1.31.0')).toBeUndefined(); // not measured: no guess
  });

  it('says which runtimes load a model, and why not', () => {
    const verdicts = runtimeVerdicts(SHIPPED_RUNTIMES, {
      irVersion: 11,
      opsets: { '': 23, 'com.microsoft': 1 }
    });
    const node122 = verdicts.find(v => v.versions === '>=1.21,<1.23')!;
    expect(node122).toMatchObject({
      loads: false,
      reasons: ['IR 11 > max IR 10', 'ai.onnx opset 23 > max opset 22']
    });
    expect(verdicts.find(v => v.versions === '==1.23.*')).toMatchObject({
      loads: true,
      reasons: []
    });
  });

  it('lists the model ops with no TFLite builtin', () => {
    expect(
      tfliteGaps(SHIPPED_RUNTIMES, ['Conv', 'Softplus', 'Tanh', 'Mul']).map(
        g => g.op
      )
    ).toEqual(['Softplus']);
  });

  it('refuses a malformed table', () => {
    expect(() => readRuntimeTable({ runtimes: [] })).toThrow(/"writers"/);
    expect(() =>
      readRuntimeTable({
        runtimes: [
          {
            runtime: 'onnxruntime',
            versions: 'latest',
            max_ir: 1,
            max_opset: { 'ai.onnx': 1 }
          }
        ],
        writers: [],
        tflite_no_builtin: [],
        tflite_builtin_codes: {},
        tflite_runtimes: []
      })
    ).toThrow('runtimes.json: runtimes[0] is malformed');
  });
});

describe('TFLite interpreter table', () => {
  const conv = (version: number) => ({
    builtinCode: SHIPPED_RUNTIMES.tflite_builtin_codes.CONV_2D,
    custom: null,
    version
  });

  it('finds the measured entry of an interpreter version, and none for an unmeasured one', () => {
    const max = (runtime: TfliteRuntimeName, v: string, op: string) =>
      tfliteRuntime(SHIPPED_RUNTIMES, runtime, v)?.max_op_versions[op];
    // Measured: tflite-runtime 2.14 registers CONV_2D up to v7, TF 2.19 up to v8.
    expect(max('tflite-runtime', '2.14.0', 'CONV_2D')).toBe(7);
    expect(max('tensorflow', '2.19.1', 'CONV_2D')).toBe(8);
    // TF 2.21's interpreter has CONCATENATION v5; 2.19 and 2.20 stop at v4.
    expect(max('tensorflow', '2.20.0', 'CONCATENATION')).toBe(4);
    expect(max('tensorflow', '2.21.0', 'CONCATENATION')).toBe(5);
    expect(max('ai-edge-litert', '2.1.2', 'CONCATENATION')).toBe(5);
    expect(
      tfliteRuntime(SHIPPED_RUNTIMES, 'tensorflow', '2.18.0')
    ).toBeUndefined();
  });

  it('says which interpreters lack an op version, and what it does not know', () => {
    const verdicts = tfliteVerdicts(SHIPPED_RUNTIMES, [
      conv(8),
      { builtinCode: 9999, custom: null, version: 1 }
    ]);
    const old = verdicts.find(v => v.runtime === 'tflite-runtime')!;
    expect(old).toMatchObject({
      loads: false,
      reasons: ['CONV_2D v8 > max v7'],
      unknown: ['BUILTIN_9999 v1'],
      measured: true
    });
    expect(old.sources.some(s => s.includes('register.cc'))).toBe(true);
    const tf219 = verdicts.find(v => v.versions === '>=2.19.0,<2.20')!;
    expect(tf219).toMatchObject({ loads: true, reasons: [] });
    const custom = tfliteVerdicts(SHIPPED_RUNTIMES, [
      { builtinCode: null, custom: 'FlexConv2D', version: 1 }
    ]);
    expect(
      custom.every(v => v.loads && v.unknown[0] === 'custom op FlexConv2D')
    ).toBe(true);
    expect(tfliteOpName(SHIPPED_RUNTIMES, 3)).toBe('CONV_2D');
  });

  it('holds consistent data: known op names, valid ranges, no two entries for one version', () => {
    const codes = SHIPPED_RUNTIMES.tflite_builtin_codes;
    expect(new Set(Object.values(codes)).size).toBe(Object.keys(codes).length);
    for (const entry of SHIPPED_RUNTIMES.tflite_runtimes) {
      expect(Object.keys(entry.max_op_versions).sort()).toEqual(
        Object.keys(codes).sort()
      );
      expect(entry.measured_versions.length).toBeGreaterThan(0);
      for (const version of entry.measured_versions) {
        // Each measured version is covered by its own entry and by no other.
        const covering = SHIPPED_RUNTIMES.tflite_runtimes.filter(
          other =>
            other.runtime === entry.runtime && matches(version, other.versions)
        );
        expect(covering).toEqual([entry]);
      }
      expect(entry.sources.length).toBeGreaterThan(1);
    }
  });

  it('refuses a malformed interpreter entry', () => {
    const table = {
      runtimes: [],
      writers: [],
      tflite_no_builtin: [],
      tflite_builtin_codes: { CONV_2D: 3 },
      tflite_runtimes: [
        {
          runtime: 'tensorflow',
          versions: '==2.19.*',
          max_op_versions: { CONV: 8 }
        }
      ]
    };
    expect(() => readRuntimeTable(table)).toThrow(
      'runtimes.json: tflite_runtimes[0] is malformed'
    );
    expect(() =>
      readRuntimeTable({ ...table, tflite_builtin_codes: null })
    ).toThrow(/"tflite_builtin_codes"/);
  });
});
