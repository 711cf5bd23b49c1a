/**
 * `convert-doctor verify MODEL.tflite`: a real TFLite model (tests/fixtures/tflite, written by
 * TF 2.21's TFLiteConverter from make_yolo_like.py: conv, leaky relu, max pool, nearest
 * upsampling, concatenation, sigmoid) against the measured interpreter tables, and a one-node
 * CONV_2D v8 model (the FlatBuffer scripts/measure-tflite-ops.py measures with) that
 * tflite-runtime 2.14 lacks and TF 2.19 has.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { PROJECT_PYTHON, ROOT } from './jupyterServer';
import { buildCli, freshTmp, runCli } from './cliHelpers';

const FIXTURE = path.join(
  ROOT,
  'tests/fixtures/tflite/yolo-like-tf2.21.tflite'
);
let dir: string;
let conv8: string;

beforeAll(() => {
  buildCli();
  dir = freshTmp('cd-verify-tflite-');
  conv8 = path.join(dir, 'conv8.tflite');
  execFileSync(PROJECT_PYTHON, [
    path.join(ROOT, 'scripts/measure-tflite-ops.py'),
    '--write-model',
    'CONV_2D',
    '8',
    conv8
  ]);
}, 300000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('convert-doctor verify (.tflite)', () => {
  it("lists a converter's ops and every measured interpreter that has them", async () => {
    const res = await runCli(['verify', FIXTURE, '--json']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({
      format: 'tflite',
      schema_version: 3,
      subgraphs: 1
    });
    expect(out.ops).toEqual(
      expect.arrayContaining([
        { op: 'CONV_2D', version: 1, nodes: 3 },
        { op: 'LEAKY_RELU', version: 1, nodes: 1 },
        { op: 'MAX_POOL_2D', version: 1, nodes: 1 },
        { op: 'CONCATENATION', version: 1, nodes: 1 },
        { op: 'LOGISTIC', version: 1, nodes: 1 }
      ])
    );
    expect(out.runtimes.length).toBeGreaterThanOrEqual(10);
    for (const verdict of out.runtimes) {
      expect(verdict).toMatchObject({ loads: true, reasons: [], unknown: [] });
    }
  });

  it('reports the op version a target interpreter lacks, with its source (exit 1)', async () => {
    const target = (runtime: string, ...more: string[]) =>
      runCli(['verify', conv8, '--target', runtime, ...more]);
    const res = await target('tflite-runtime==2.14.0');
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(
      /target tflite-runtime==2\.14\.0 lacks: CONV_2D v8 > max v7/
    );
    expect(res.stdout).toMatch(/source: measured: tflite_runtime\.interpreter/);
    expect(res.stdout).toMatch(
      /tensorflow >=2\.19\.0,<2\.20: has every builtin op/
    );
    const ok = await target('tensorflow-cpu==2.19.0', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).target).toMatchObject({
      runtime: 'tensorflow',
      version: '2.19.0',
      verdict: { loads: true }
    });
    const unmeasured = await target('tensorflow==2.18.0');
    expect(unmeasured.code).toBe(0);
    expect(unmeasured.stdout).toMatch(
      /not in the table \(not measured\), no verdict/
    );
  });

  it('refuses a file that is not TFLite, a bad target and run options (exit 2)', async () => {
    const bad = path.join(dir, 'bad.tflite');
    fs.writeFileSync(bad, 'not a flatbuffer at all');
    const truncated = path.join(dir, 'truncated.tflite');
    fs.writeFileSync(truncated, fs.readFileSync(FIXTURE).subarray(0, 600));
    const cases: [string[], RegExp][] = [
      [[bad], /not a TFLite model \(file identifier "a fl", expected "TFL3"\)/],
      [[truncated], /truncated or corrupt FlatBuffer/],
      [
        [FIXTURE, '--target', 'onnxruntime==1.20'],
        /--target must be NAME==VERSION/
      ],
      [[FIXTURE, '--reference', 'x.npz'], /checked, not run/]
    ];
    for (const [args, message] of cases) {
      const res = await runCli(['verify', ...args]);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(message);
    }
  });
});
