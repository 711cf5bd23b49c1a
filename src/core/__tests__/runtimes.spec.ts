/** The ONNX runtime table (knowledge/runtimes.json) as `verify` reads it. */
import {
  readRuntimeTable,
  runtimeLimit,
  runtimeVerdicts,
  tfliteGaps
} from '../runtimes';
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
        tflite_no_builtin: []
      })
    ).toThrow('runtimes.json: runtimes[0] is malformed');
  });
});
