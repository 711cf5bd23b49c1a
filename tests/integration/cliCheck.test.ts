/**
 * `convert-doctor check` on real notebooks run by real kernels of a private server: passing,
 * failing with known categories (errors the failure lab also records, reproduced for real in
 * the project venv), nbmake/nbval cell tags, a cell past --timeout, a kernel that dies; JUnit XML
 * parsed back with a real XML parser; the notebook never written without --output; nothing left
 * running afterwards.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { PROJECT_PYTHON } from './jupyterServer';
import {
  IXmlNode,
  buildCli,
  expectCleanedUp,
  freshTmp,
  parseXml,
  runCli,
  serverArgs
} from './cliHelpers';
import { withServer } from './withServer';

interface ICellSpec {
  source: string;
  tags?: string[];
}

let dir: string;

function writeNotebook(
  name: string,
  cells: ICellSpec[],
  metadata = {}
): string {
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: {
          name: 'python3',
          display_name: 'Python 3',
          language: 'python'
        },
        ...metadata
      },
      cells: [
        { cell_type: 'markdown', metadata: {}, source: '# title' },
        ...cells.map(c => ({
          cell_type: 'code',
          metadata: c.tags ? { tags: c.tags } : {},
          source: c.source,
          outputs: [],
          execution_count: null
        }))
      ]
    })
  );
  return file;
}

function sha(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

// The onnxruntime_ir_version and input_shape_mismatch failure-lab categories, raised for real.
const RELU_MODEL = `from onnx import TensorProto, helper
graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 416, 416])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 416, 416])])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])`;

beforeAll(() => {
  buildCli();
  dir = fs.mkdtempSync(path.join(freshTmp('cd-check-nb-'), 'nb-'));
}, 120000);

afterAll(() => {
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});

describe('convert-doctor check', () => {
  it('passes a clean notebook (exit 0), with relative paths from its folder, and writes nothing', async () => {
    fs.writeFileSync(path.join(dir, 'data.txt'), '41');
    const nb = writeNotebook('clean.ipynb', [
      { source: "n = int(open('data.txt').read())" },
      { source: 'print(n + 1)' }
    ]);
    const before = sha(nb);
    const tmp = freshTmp('cd-check-clean-');
    const res = await runCli(
      ['check', nb, '--python', PROJECT_PYTHON, '--json'],
      {
        env: { TMPDIR: tmp }
      }
    );
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.passed).toBe(true);
    expect(
      out.notebooks[0].cells.map((c: { index: number; status: string }) => [
        c.index,
        c.status
      ])
    ).toEqual([
      [1, 'passed'],
      [2, 'passed']
    ]);
    expect(sha(nb)).toBe(before);
    await expectCleanedUp(tmp);
  });

  it('diagnoses failing cells with their category, evidence and fix, and writes JUnit', async () => {
    const nb = writeNotebook('fails.ipynb', [
      { source: 'import numpy as np\nx = np.float(1)' },
      {
        source: `${RELU_MODEL}\nmodel.ir_version = 99\nimport onnxruntime as ort\nort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])`
      },
      {
        source: `${RELU_MODEL}\nmodel.ir_version = 7\nimport numpy as np, onnxruntime as ort\ns = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])\ns.run(None, {"x": np.zeros((1, 3, 320, 320), np.float32)})`
      },
      { source: "print('reached')" }
    ]);
    const junit = path.join(dir, 'fails.xml');
    const tmp = freshTmp('cd-check-fails-');
    const text = await runCli(
      ['check', nb, '--python', PROJECT_PYTHON, '--continue', '--junit', junit],
      {
        env: { TMPDIR: tmp }
      }
    );
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/FAILED/);
    expect(text.stdout).toMatch(
      /cell 1: failed\n +category: numpy_api_removed \(confidence 0\.\d\d\)\n +evidence: .*np\.float.*\n +fix: +\S/
    );
    expect(text.stdout).toMatch(
      /cell 2: failed\n +category: onnxruntime_ir_version /
    );
    expect(text.stdout).toMatch(
      /cell 3: failed\n +category: input_shape_mismatch /
    );
    await expectCleanedUp(tmp);

    const suites = parseXml(junit);
    expect(suites.tag).toBe('testsuites');
    expect(suites.attrib).toMatchObject({
      tests: '4',
      failures: '3',
      errors: '0',
      skipped: '0'
    });
    const cases = suites.children[0].children;
    expect(cases.map(c => c.attrib.name)).toEqual([
      'cell 1',
      'cell 2',
      'cell 3',
      'cell 4'
    ]);
    const failure = (c: IXmlNode) => c.children.find(x => x.tag === 'failure');
    expect(failure(cases[0])?.attrib.message).toMatch(
      /^numpy_api_removed: AttributeError: /
    );
    expect(failure(cases[1])?.attrib.message).toMatch(
      /^onnxruntime_ir_version: /
    );
    expect(failure(cases[2])?.attrib.message).toMatch(
      /^input_shape_mismatch: /
    );
    expect(failure(cases[0])?.text).toMatch(
      /^evidence: .*\nfix: .*\n\n-+\nAttributeError/
    );
    expect(failure(cases[0])?.text).not.toContain('\u001b');
    expect(cases[3].children).toEqual([]);
  });

  it('stops at the first failing cell without --continue; --json has the diagnosis and the env', async () => {
    const nb = writeNotebook('stops.ipynb', [
      { source: 'import numpy as np\nnp.float' },
      { source: "print('never')" }
    ]);
    const res = await runCli([
      'check',
      nb,
      '--python',
      PROJECT_PYTHON,
      '--json'
    ]);
    expect(res.code).toBe(1);
    const cells = JSON.parse(res.stdout).notebooks[0].cells;
    expect(cells.map((c: { status: string }) => c.status)).toEqual([
      'failed',
      'not-run'
    ]);
    expect(cells[0].diagnosis.category).toBe('numpy_api_removed');
    expect(cells[0].diagnosis.evidence).toMatch(/np\.float/);
    expect(JSON.parse(res.stdout).notebooks[0].env.python.executable).toBe(
      PROJECT_PYTHON
    );
  });

  it('honours raises-exception and skip-execution tags and execution.allow_errors', async () => {
    const tagged = writeNotebook('tags.ipynb', [
      { source: '1 / 0', tags: ['raises-exception'] },
      { source: 'while True: pass', tags: ['skip-execution'] },
      { source: "print('ok')" }
    ]);
    const allowed = writeNotebook(
      'allow.ipynb',
      [{ source: '1 / 0' }, { source: 'x = 1' }],
      {
        execution: { allow_errors: true }
      }
    );
    const res = await runCli([
      'check',
      tagged,
      allowed,
      '--python',
      PROJECT_PYTHON,
      '--json'
    ]);
    expect(res.code).toBe(0);
    const [tags, allow] = JSON.parse(res.stdout).notebooks;
    expect(tags.cells.map((c: { status: string }) => c.status)).toEqual([
      'error-allowed',
      'skipped',
      'passed'
    ]);
    expect(allow.cells.map((c: { status: string }) => c.status)).toEqual([
      'error-allowed',
      'passed'
    ]);
  });

  it('reports a cell past --timeout and a kernel that dies, as such, in JUnit errors', async () => {
    const slow = writeNotebook('slow.ipynb', [
      { source: 'import time\ntime.sleep(120)' },
      { source: 'x = 1' }
    ]);
    const dies = writeNotebook('dies.ipynb', [
      { source: 'import os\nos._exit(3)' },
      { source: 'x = 1' }
    ]);
    const junit = path.join(dir, 'bad.xml');
    const tmp = freshTmp('cd-check-bad-');
    const started = Date.now();
    const res = await runCli(
      [
        'check',
        slow,
        dies,
        '--python',
        PROJECT_PYTHON,
        '--timeout',
        '3',
        '--continue',
        '--junit',
        junit,
        '--json'
      ],
      {
        env: { TMPDIR: tmp }
      }
    );
    expect(Date.now() - started).toBeLessThan(100000);
    expect(res.code).toBe(1);
    const [s, d] = JSON.parse(res.stdout).notebooks;
    expect(s.cells.map((c: { status: string }) => c.status)).toEqual([
      'timeout',
      'not-run'
    ]);
    expect(s.cells[0].seconds).toBeGreaterThanOrEqual(3);
    expect(d.cells.map((c: { status: string }) => c.status)).toEqual([
      'kernel-died',
      'not-run'
    ]);
    const suites = parseXml(junit);
    expect(suites.attrib).toMatchObject({
      errors: '2',
      skipped: '2',
      failures: '0'
    });
    expect(suites.children[0].children[0].children[0]).toMatchObject({
      tag: 'error',
      attrib: { message: 'timed out' }
    });
    expect(suites.children[1].children[0].children[0]).toMatchObject({
      tag: 'error',
      attrib: { message: 'the kernel died' }
    });
    await expectCleanedUp(tmp);
  });

  it('writes the executed notebook only to --output', async () => {
    const nb = writeNotebook('out.ipynb', [
      { source: "print('hello')" },
      { source: '6 * 7' }
    ]);
    const before = sha(nb);
    const output = path.join(dir, 'out.executed.ipynb');
    const res = await runCli([
      'check',
      nb,
      '--python',
      PROJECT_PYTHON,
      '--output',
      output
    ]);
    expect(res.code).toBe(0);
    expect(sha(nb)).toBe(before);
    const executed = JSON.parse(fs.readFileSync(output, 'utf8'));
    expect(executed.cells[1].outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: 'hello\n' }
    ]);
    expect(executed.cells[2].outputs[0]).toMatchObject({
      output_type: 'execute_result',
      data: { 'text/plain': '42' }
    });
    expect(executed.cells[2].execution_count).toBe(2);
  });

  it('refuses bad input in one line (exit 2)', async () => {
    const notNb = path.join(dir, 'not.ipynb');
    fs.writeFileSync(notNb, '{"hello": 1}');
    const res = await runCli(['check', notNb, '--python', PROJECT_PYTHON]);
    expect(res).toMatchObject({ code: 2, stdout: '' });
    expect(res.stderr).toBe(
      `convert-doctor: ${notNb}: not a Jupyter notebook (no "cells" list)\n`
    );
    const missing = await runCli(['check', path.join(dir, 'missing.ipynb')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^convert-doctor: cannot read .*missing\.ipynb/
    );
    const timeout = await runCli(['check', notNb, '--timeout', 'soon']);
    expect(timeout.stderr).toBe(
      'convert-doctor: --timeout must be a positive number, got "soon"\n'
    );
    expect((await runCli(['check'])).code).toBe(2);
  });

  describe('on a --url server', () => {
    const jupyter = withServer();

    it('on Ctrl-C shuts down the kernel it started, and leaves the server up', async () => {
      const nb = writeNotebook('long.ipynb', [
        { source: 'import time\ntime.sleep(300)' }
      ]);
      const { baseUrl, token } = jupyter.server.settings;
      const kernels = async () =>
        (
          await fetch(`${baseUrl}api/kernels`, {
            headers: { Authorization: `token ${token}` }
          })
        ).json();
      let sent = false;
      const res = await runCli(
        ['check', nb, ...serverArgs(jupyter.server), '--kernel', 'python3'],
        {
          onStderr: (text, child) => {
            if (!sent && text.includes('cell 1 (1/1)')) {
              sent = true;
              setTimeout(() => child.kill('SIGINT'), 1000);
            }
          }
        }
      );
      expect(sent).toBe(true);
      expect(res.code).toBe(130);
      expect(await kernels()).toEqual([]);
    });
  });
});
