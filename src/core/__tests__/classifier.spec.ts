import { wrapTolerant } from '../classifier';
import { IEnvReport, IErrorRecord } from '../types';
import { makeEnvReport } from './makeEnvReport';
import { SHIPPED_KNOWLEDGE } from '../shippedKnowledge';

const ESC = '\u001b';

/** An IPython-coloured traceback, as the kernel sends it in an error message. */
function ipythonError(
  frames: string[],
  ename: string,
  evalue: string
): IErrorRecord {
  return {
    ename,
    evalue,
    traceback: [
      `${ESC}[0;31m---------------------------------------------------------------------------${ESC}[0m`,
      `${ESC}[0;31m${ename}${ESC}[0m                       Traceback (most recent call last)`,
      ...frames.map(f => `File ${ESC}[0;32m${f}${ESC}[0m`),
      `${ESC}[0;31m${ename}${ESC}[0m: ${evalue}`
    ]
  };
}

function env(packages: { [name: string]: string }): IEnvReport {
  return makeEnvReport(packages, {
    host: 'colab',
    python: { executable: 'python' },
    probe_ms: 5
  });
}

describe('diagnose', () => {
  it('strips ANSI codes and returns the deciding line as plain evidence', () => {
    const d = SHIPPED_KNOWLEDGE.diagnose(
      ipythonError(
        [
          '/usr/lib/python3/dist-packages/tensorflow/python/client/pywrap_tf_session.py:19'
        ],
        'AttributeError',
        '_ARRAY_API not found'
      )
    );
    expect(d.category).toBe('numpy2_abi');
    expect(d.confidence).toBeGreaterThanOrEqual(0.7);
    expect(d.evidence).toBe('AttributeError: _ARRAY_API not found');
    expect(d.evidence).not.toContain(ESC);
    expect(d.sources.length).toBeGreaterThan(0);
    expect(d.cause).toBe('environment');
  });

  it('uses onnx_tf frames as context and the environment to explain a missing tensorflow_addons', () => {
    const error = ipythonError(
      [
        '.../site-packages/onnx_tf/backend.py:28',
        '.../site-packages/onnx_tf/handlers/backend/hardmax.py:3'
      ],
      'ModuleNotFoundError',
      "No module named 'tensorflow_addons'"
    );
    const plain = SHIPPED_KNOWLEDGE.diagnose(error);
    expect(plain.category).toBe('tensorflow_addons_broken');
    const withEnv = SHIPPED_KNOWLEDGE.diagnose(
      error,
      env({ tensorflow: '2.17.1', 'onnx-tf': '1.10.0', keras: '3.4.1' })
    );
    expect(withEnv.category).toBe('tensorflow_addons_broken');
    expect(withEnv.explanation).toMatch(/onnx2tf/);
    expect(withEnv.fixes).toContain('onnx-tflite');
    expect(withEnv.findings.map(f => f.rule)).toContain(
      'onnx-tf-dead-on-new-tf'
    );
  });

  it('lets the environment decide between converters for a generic TF attribute error', () => {
    const error: IErrorRecord = {
      ename: 'AttributeError',
      evalue: "module 'tensorflow' has no attribute 'ceil'",
      traceback: []
    };
    const without = SHIPPED_KNOWLEDGE.diagnose(error);
    expect(without.confidence).toBeLessThan(0.7);
    const withOnnxTf = SHIPPED_KNOWLEDGE.diagnose(
      error,
      env({ tensorflow: '2.2.0', 'onnx-tf': '1.5.0' })
    );
    expect(withOnnxTf.category).toBe('onnx_tf_tf_mismatch');
  });

  it('prefers the specific cause over the generic one', () => {
    const d = SHIPPED_KNOWLEDGE.diagnose({
      ename: 'ModuleNotFoundError',
      evalue: "No module named 'onnxscript'",
      traceback: []
    });
    expect(d.category).toBe('torch_onnx_dynamo_onnxscript');
    const generic = SHIPPED_KNOWLEDGE.diagnose({
      ename: 'ModuleNotFoundError',
      evalue: "No module named 'sng4onnx'",
      traceback: []
    });
    expect(generic.category).toBe('missing_dependency');
  });

  it('does not mistake a missing CUDA library for a missing model file', () => {
    const d = SHIPPED_KNOWLEDGE.diagnose({
      ename: 'RuntimeError',
      evalue:
        'Failed to load library libonnxruntime_providers_cuda.so with error: libcudnn.so.8: cannot open shared object file: No such file or directory',
      traceback: []
    });
    expect(d.category).toBe('cuda_cudnn_mismatch');
  });

  it('tells a missing system library from a CUDA library and reads converter context', () => {
    const libgl = SHIPPED_KNOWLEDGE.diagnose({
      ename: 'ImportError',
      evalue:
        'libGL.so.1: cannot open shared object file: No such file or directory',
      traceback: []
    });
    expect(libgl.category).toBe('missing_dependency');
    expect(libgl.confidence).toBeLessThan(0.7);
    const onnx2tf = SHIPPED_KNOWLEDGE.diagnose({
      ename: 'ValueError',
      evalue:
        'Dimensions must be equal, but are 15 and 1280 for node Mul with input shapes: [1,15,20,1280], [1,1280,15,20]',
      traceback: [
        '  File "/usr/local/lib/python3.10/dist-packages/onnx2tf/ops/Mul.py", line 133, in make_node'
      ]
    });
    expect(onnx2tf.category).toBe('onnx2tf_needs_param_replacement');
    // The same shape error outside onnx2tf is not claimed.
    expect(
      SHIPPED_KNOWLEDGE.diagnose({
        ename: 'ValueError',
        evalue: onnx2tf.evidence,
        traceback: []
      }).category
    ).toBe('unknown');
  });

  it('answers unknown with low confidence when nothing fits', () => {
    const d = SHIPPED_KNOWLEDGE.diagnose({
      ename: 'ValueError',
      evalue: 'the answer is 41, expected 42',
      traceback: ['x = compute()']
    });
    expect(d.category).toBe('unknown');
    expect(d.confidence).toBeLessThan(0.5);
    expect(
      SHIPPED_KNOWLEDGE.diagnose({ ename: '', evalue: '', traceback: [] })
        .category
    ).toBe('unknown');
  });

  it('reads only a bounded window of a huge traceback and bounds the evidence', () => {
    const noise = Array.from(
      { length: 20000 },
      (_, i) => `  File "/site-packages/mod${i}.py", line ${i}, in f${i}`
    );
    const huge: IErrorRecord = {
      ename: 'ValueError',
      evalue:
        'cannot reshape array of size 30868 into shape (256,256,3,3) ' +
        'x'.repeat(5000),
      traceback: [
        ...noise,
        '  File "core/utils.py", line 63, in load_weights',
        'ValueError: cannot reshape array of size 30868 into shape (256,256,3,3)'
      ]
    };
    const d = SHIPPED_KNOWLEDGE.diagnose(huge);
    expect(d.category).toBe('darknet_cfg_weights_mismatch');
    expect(d.evidence.length).toBeLessThanOrEqual(302);
    const oneLine = SHIPPED_KNOWLEDGE.diagnose({
      ename: 'X',
      evalue: '',
      traceback: ['a'.repeat(1_000_000) + " No module named 'onnxscript'"]
    });
    expect(oneLine.category).toBe('torch_onnx_dynamo_onnxscript');
  });

  it('returns only taxonomy ids, confidences in [0, 1]', () => {
    const d = SHIPPED_KNOWLEDGE.diagnose({
      ename: 'RuntimeError',
      evalue: 'Quantization not yet supported for op: RESIZE_NEAREST_NEIGHBOR',
      traceback: []
    });
    expect(d.category).toBe('tflite_quantization_unsupported_op');
    expect(d.confidence).toBeGreaterThan(0);
    expect(d.confidence).toBeLessThanOrEqual(1);
  });

  it('matches a message that the paste wrapped over lines', () => {
    // Kaggle/docker-python#1057 quotes tensorflow-probability's import check wrapped at 72 columns.
    const d = SHIPPED_KNOWLEDGE.diagnose({
      ename: 'ImportError',
      evalue:
        'This version of TensorFlow Probability requires TensorFlow\nversion >= 2.5; Detected an installation of version 2.4.1. Please\nupgrade TensorFlow to proceed',
      traceback: []
    });
    expect(d.category).toBe('tensorflow_probability_broken');
    expect(d.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it('tells a missing TFLite op (version 1, TFLite Micro) from an op newer than the runtime', () => {
    // tensorflow/tensorflow#50641: a newer op version on an older interpreter.
    const newer = SHIPPED_KNOWLEDGE.diagnose({
      ename: '',
      evalue: '',
      traceback: [
        "ERROR: Didn't find op for builtin opcode 'MUL' version '5'. An older version of this builtin might be supported. Are you using an old TFLite binary with a newer model?",
        'ERROR: Registration failed.'
      ]
    });
    expect(newer.category).toBe('tflite_runtime_op_version');
    expect(newer.confidence).toBeGreaterThanOrEqual(0.85);
    // mocleiri/tensorflow-micropython-examples#81: TFLite Micro without the op registered.
    const micro = SHIPPED_KNOWLEDGE.diagnose({
      ename: '',
      evalue: '',
      traceback: [
        "Didn't find op for builtin opcode 'SHAPE' version '1'",
        'Failed to get registration from op code SHAPE',
        'Failed starting model allocation.'
      ]
    });
    expect(micro.category).toBe('unknown');
  });

  it('does not read a script named like a converter as that converter', () => {
    // onnx/onnx-tensorflow#763: the user's own onnx2tf.py, which calls onnx-tf.
    const d = SHIPPED_KNOWLEDGE.diagnose({
      ename: 'AttributeError',
      evalue: "'NoneType' object has no attribute 'as_graph_def'",
      traceback: [
        '  File "onnx2tf.py", line 13, in <module>',
        '    file.write(output.graph.as_graph_def().SerializeToString())'
      ]
    });
    expect(d.category).not.toBe('onnx2tf_version');
  });

  it('keeps an onnxruntime "no kernel" error below the sure band (opset or input types)', () => {
    // microsoft/onnxruntime#967 (opset 6) and #6116 (OneHot input types) print the same message.
    for (const node of ['BatchNormalization(6)', 'OneHot(11)']) {
      const d = SHIPPED_KNOWLEDGE.diagnose({
        ename: 'NotImplemented',
        evalue: `[ONNXRuntimeError] : 9 : NOT_IMPLEMENTED : Could not find an implementation for the node ${node}`,
        traceback: []
      });
      expect(d.category).toBe('onnx_opset_unsupported');
      expect(d.confidence).toBeLessThan(0.7);
    }
  });
});

describe('wrapTolerant', () => {
  it('lets literal spaces match line breaks, leaving classes, escapes and quantified spaces alone', () => {
    expect(wrapTolerant('requires TensorFlow version')).toBe(
      'requires\\s+TensorFlow\\s+version'
    );
    expect(wrapTolerant('[ =v]*2\\.1')).toBe('[ =v]*2\\.1');
    expect(wrapTolerant('Edge ?TPU')).toBe('Edge ?TPU');
    expect(wrapTolerant('a\\ b')).toBe('a\\ b');
    const re = new RegExp(wrapTolerant("Can't open the file"), 'm');
    expect(re.test("Can't open\nthe   file")).toBe(true);
    expect(re.test("Can'topen the file")).toBe(false);
  });
});
