/**
 * `convert-doctor verify` with the real onnxruntime-node (its CPU binary, installed without the
 * install script that downloads CUDA libraries): the yolov4-tiny ONNX from the project's own
 * converter against the Darknet reference pass, an IR-14 model that Python onnxruntime 1.32
 * loads and onnxruntime-node 1.30 refuses, a truncated file, a file that is not ONNX, .npz refs.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { PROJECT_PYTHON, ROOT } from './jupyterServer';
import { buildCli, freshTmp, runCli } from './cliHelpers';

let dir: string;
let cfg: string;
let weights: string;
let yolo: string;
let ir14: string;

function python(script: string, ...args: string[]): string {
  return execFileSync(PROJECT_PYTHON, ['-c', script, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300000
  });
}

beforeAll(() => {
  buildCli();
  dir = freshTmp('cd-verify-');
  cfg = path.join(
    ROOT,
    'jupyterlab_convert_doctor/darknet/cfgs/yolov4-tiny.cfg'
  );
  weights = path.join(dir, 'yolov4-tiny.weights');
  yolo = path.join(dir, 'yolov4-tiny.onnx');
  ir14 = path.join(dir, 'ir14.onnx');
  python(
    `import sys
from jupyterlab_convert_doctor.darknet import convert
from jupyterlab_convert_doctor.darknet.network import load_network
from jupyterlab_convert_doctor.darknet.weights import write_random_weights
cfg, weights, out = sys.argv[1:]
write_random_weights(weights, load_network(cfg), seed=0, gain=1.3)
convert(cfg, weights, out)`,
    cfg,
    weights,
    yolo
  );
  // onnx 1.23.2's defaults: IR 14, opset 28.
  python(
    `import sys, onnx
from onnx import TensorProto, helper
g = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])])
m = helper.make_model(g)
assert (m.ir_version, m.opset_import[0].version) == (14, 28), m
onnx.save(m, sys.argv[1])`,
    ir14
  );
}, 600000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('convert-doctor verify', () => {
  it('onnxruntime-node was installed without its CUDA download, and its CPU binary runs', () => {
    expect(fs.readFileSync(path.join(ROOT, '.npmrc'), 'utf8')).toMatch(
      /^onnxruntime-node-install=skip$/m
    );
    expect(fs.readFileSync(path.join(ROOT, '.yarnrc.yml'), 'utf8')).toMatch(
      /^enableScripts: false$/m
    );
    const bin = path.join(
      ROOT,
      'node_modules/onnxruntime-node/bin/napi-v6/linux/x64'
    );
    const files = fs.readdirSync(bin);
    expect(files).toContain('libonnxruntime.so.1');
    expect(files.filter(f => /providers_(cuda|tensorrt)/.test(f))).toEqual([]);
  });

  it('matches the Darknet reference forward pass on yolov4-tiny from the converter', async () => {
    const res = await runCli(
      [
        'verify',
        yolo,
        '--darknet',
        cfg,
        weights,
        '--python',
        PROJECT_PYTHON,
        '--json'
      ],
      { timeoutMs: 600000 }
    );
    expect(res.stderr).toMatch(/Darknet reference/);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({
      ir_version: 7,
      opsets: { '': 13 },
      passed: true
    });
    expect(out.inputs).toEqual([
      { name: 'images', elemType: 'FLOAT', shape: [1, 3, 416, 416] }
    ]);
    expect(out.outputs.map((o: { name: string }) => o.name)).toEqual([
      'yolo_30',
      'yolo_37'
    ]);
    expect(out.ops).toMatchObject({
      Conv: 21,
      LeakyRelu: 19,
      MaxPool: 3,
      Resize: 1
    });
    expect(out.onnxruntime_node).toMatchObject({
      version: '1.30.0',
      loaded: true,
      max_ir: 13,
      max_opset: 26
    });
    expect(out.runtimes.every((r: { loads: boolean }) => r.loads)).toBe(true);
    expect(out.tflite_no_builtin).toEqual([]);
    const comparisons = out.reference.comparisons;
    expect(comparisons.map((c: { name: string }) => c.name)).toEqual([
      'yolo_30',
      'yolo_37'
    ]);
    for (const c of comparisons) {
      expect(c).toMatchObject({ compared: true, passed: true, mismatched: 0 });
      expect(c.max_abs).toBeLessThan(1e-4);
      expect(c.max_abs).toBeGreaterThan(0); // float32 vs the float64 reference: really compared
    }
  });

  it('compares with an .npz reference and fails (exit 1) when an output differs', async () => {
    const input = path.join(dir, 'x.npy');
    const good = path.join(dir, 'good.npz');
    const bad = path.join(dir, 'bad.npz');
    python(
      `import sys, numpy as np, onnxruntime as ort
model, x_file, good, bad = sys.argv[1:]
x = np.random.default_rng(3).random((1, 3, 416, 416), dtype=np.float32)
np.save(x_file, x)
s = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
outs = dict(zip([o.name for o in s.get_outputs()], s.run(None, {"images": x})))
np.savez_compressed(good, **outs)
outs["yolo_37"] = outs["yolo_37"] + 0.5
np.savez(bad, outs["yolo_30"], outs["yolo_37"])  # arr_0, arr_1: matched by position`,
      yolo,
      input,
      good,
      bad
    );
    const ok = await runCli([
      'verify',
      yolo,
      '--input',
      input,
      '--reference',
      good,
      '--json'
    ]);
    expect(ok.code).toBe(0);
    const okOut = JSON.parse(ok.stdout);
    expect(okOut.inference.input).toBe(input);
    expect(
      okOut.reference.comparisons.every(
        (c: { passed: boolean; max_abs: number }) =>
          c.passed && c.max_abs < 1e-4
      )
    ).toBe(true);
    const differs = await runCli([
      'verify',
      yolo,
      '--input',
      input,
      '--reference',
      bad
    ]);
    expect(differs.code).toBe(1);
    expect(differs.stdout).toMatch(/yolo_30: max abs .* ok/);
    expect(differs.stdout).toMatch(
      /yolo_37: max abs 5\.00e-1, .*MISMATCH \(172380 elements/
    );
    expect(differs.stdout).toMatch(/NOT verified\n$/);
  });

  it('says an IR-14 model loads in Python onnxruntime 1.32 but onnxruntime-node 1.30 refuses it (exit 1)', async () => {
    // The premise, measured: Python onnxruntime in the project venv loads it.
    expect(
      python(
        `import sys, onnxruntime as ort
ort.InferenceSession(sys.argv[1], providers=["CPUExecutionProvider"])
print(ort.__version__)`,
        ir14
      ).trim()
    ).toBe('1.32.0');
    const res = await runCli(['verify', ir14, '--json']);
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({
      ir_version: 14,
      opsets: { '': 28 },
      passed: false
    });
    expect(out.onnxruntime_node.loaded).toBe(false);
    expect(out.onnxruntime_node.error).toMatch(
      /Unsupported model IR version: 14, max supported IR version: 13/
    );
    expect(out.onnxruntime_node.error).not.toMatch(/onnxruntime_src/);
    const verdict = (runtime: string, versions: string) =>
      out.runtimes.find(
        (r: { runtime: string; versions: string }) =>
          r.runtime === runtime && r.versions === versions
      );
    expect(verdict('onnxruntime', '==1.32.*')).toMatchObject({ loads: true });
    expect(verdict('onnxruntime-node', '>=1.25,<1.31')).toMatchObject({
      loads: false,
      reasons: ['IR 14 > max IR 13', 'ai.onnx opset 28 > max opset 26']
    });
    const text = await runCli(['verify', ir14]);
    expect(text.stdout).toMatch(/onnxruntime ==1\.32\.\*: loads/);
    expect(text.stdout).toMatch(
      /onnxruntime-node 1\.30\.0 cannot load it: .*Unsupported model IR version: 14/
    );
  });

  it('refuses a truncated file and a non-ONNX file in one line (exit 2), never a crash', async () => {
    const truncated = path.join(dir, 'truncated.onnx');
    const bytes = fs.readFileSync(yolo);
    fs.writeFileSync(
      truncated,
      bytes.subarray(0, Math.floor(bytes.length / 2))
    );
    const cut = await runCli(['verify', truncated, '--json']);
    expect(cut).toMatchObject({ code: 2, stdout: '' });
    expect(cut.stderr).toMatch(
      /^convert-doctor: .*truncated\.onnx: not a complete ONNX model: .*\(truncated\?\)\n$/
    );

    const text = path.join(dir, 'notes.onnx');
    fs.writeFileSync(text, 'this is a README, not a model\n'.repeat(10));
    const notOnnx = await runCli(['verify', text]);
    expect(notOnnx).toMatchObject({ code: 2, stdout: '' });
    expect(notOnnx.stderr).toMatch(
      /^convert-doctor: .*notes\.onnx: not an ONNX model: .*\n$/
    );

    const empty = path.join(dir, 'empty.onnx');
    fs.writeFileSync(empty, '');
    expect((await runCli(['verify', empty])).stderr).toBe(
      `convert-doctor: ${empty}: the file is empty\n`
    );

    const badNpz = path.join(dir, 'bad.npz.txt');
    fs.writeFileSync(badNpz, 'not a zip');
    const ref = await runCli(['verify', yolo, '--reference', badNpz]);
    expect(ref.code).toBe(2);
    expect(ref.stderr).toMatch(/not a readable \.npz \(zip\) archive/);
  });
});
