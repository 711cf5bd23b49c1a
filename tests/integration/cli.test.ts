/**
 * The real, built `convert-doctor` CLI as a subprocess, on real tracebacks produced by really
 * running failing snippets in the project's Python (tests/fixtures/real_failures.py) and on
 * failure-lab fixtures. Integration tier: it spawns tsc, Python and Node.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { stripAnsi } from '../../src/core/ansi';
import { makeEnvReport } from '../../src/core/__tests__/makeEnvReport';

import { buildCli, CLI } from './cliHelpers';
import { ROOT } from './jupyterServer';

const PYTHON =
  process.env.CONVERT_DOCTOR_TEST_PYTHON ?? path.join(ROOT, '.venv/bin/python');

function run(args: string[], input?: string) {
  const res = spawnSync(process.execPath, [CLI, ...args], {
    input,
    encoding: 'utf8',
    timeout: 60000
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Bad usage or input: exit 2, nothing on stdout, one line on stderr. */
function expectOneLineError(args: string[], message: string) {
  const res = run(args);
  expect({ args, ...res }).toEqual({
    args,
    code: 2,
    stdout: '',
    stderr: `convert-doctor: ${message}\n`
  });
}

interface IRealFailure {
  case: string;
  expected: string;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  did_not_fail?: boolean;
}

let tmp: string;
let failures: IRealFailure[] = [];

beforeAll(() => {
  // Build the Node entry exactly as the package's bin ships it.
  buildCli();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'convert-doctor-cli-'));
  const out = execFileSync(
    PYTHON,
    [path.join(ROOT, 'tests/fixtures/real_failures.py')],
    {
      encoding: 'utf8',
      timeout: 120000
    }
  );
  failures = out
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line));
}, 180000);

afterAll(() => {
  if (tmp) {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

describe('convert-doctor diagnose', () => {
  it('classifies real errors given as Jupyter error outputs (JSON, ANSI-coloured)', () => {
    expect(failures.length).toBeGreaterThanOrEqual(8);
    for (const f of failures) {
      expect({ case: f.case, failed: !f.did_not_fail }).toEqual({
        case: f.case,
        failed: true
      });
      const file = path.join(tmp, `${f.case}.json`);
      fs.writeFileSync(
        file,
        JSON.stringify({
          output_type: 'error',
          ename: f.ename,
          evalue: f.evalue,
          traceback: f.traceback
        })
      );
      const res = run(['diagnose', '--json', file]);
      expect(res.code).toBe(0);
      const d = JSON.parse(res.stdout);
      expect({ case: f.case, category: d.category }).toEqual({
        case: f.case,
        category: f.expected
      });
      expect(d.confidence).toBeGreaterThanOrEqual(0.7);
      expect(d.confidence).toBeLessThanOrEqual(1);
      expect(d.evidence.includes('\u001b')).toBe(false);
    }
  });

  it('classifies the same errors as plain text on stdin', () => {
    expect(failures.length).toBeGreaterThanOrEqual(8);
    for (const f of failures) {
      const text = (f.traceback ?? []).map(line => stripAnsi(line)).join('\n');
      const res = run(['diagnose', '--json', '-'], text);
      expect(res.code).toBe(0);
      expect({
        case: f.case,
        category: JSON.parse(res.stdout).category
      }).toEqual({ case: f.case, category: f.expected });
    }
  });

  it('uses --env for findings and prints a readable report without --json', () => {
    const envFile = path.join(tmp, 'env.json');
    fs.writeFileSync(
      envFile,
      JSON.stringify(
        makeEnvReport(
          { tensorflow: '2.17.1', 'onnx-tf': '1.10.0' },
          {
            python: { executable: 'python' },
            host: 'colab',
            probe_ms: 3
          }
        )
      )
    );
    const tfa = failures.find(f => f.case === 'missing_tfa')!;
    const input = JSON.stringify({
      ename: tfa.ename,
      evalue: tfa.evalue,
      traceback: tfa.traceback
    });
    const json = JSON.parse(
      run(['diagnose', '--json', '--env', envFile, '-'], input).stdout
    );
    expect(json.findings.map((f: { rule: string }) => f.rule)).toContain(
      'onnx-tf-dead-on-new-tf'
    );
    const text = run(['diagnose', '--env', envFile, '-'], input);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^category: +tensorflow_addons_broken \(confidence 0\.\d\d\)/
    );
    expect(text.stdout).toContain(
      'onnx-tf 1.10.0 cannot work with TensorFlow 2.17.1'
    );
    const env = run(['env', '--json', '--report', envFile]);
    expect(env.code).toBe(1); // an error finding is a problem found
    expect(JSON.parse(env.stdout).findings[0].severity).toBe('error');
  });

  it('reports usage errors of every subcommand in one line (exit 2)', () => {
    for (const [args, message] of [
      [['diagnose'], "missing required argument 'file'"],
      [['verify'], "missing required argument 'model'"],
      [['env', '--bogus'], "unknown option '--bogus'"],
      [['check', '--timeout'], "option '--timeout <seconds>' argument missing"],
      [['nope'], "unknown command 'nope'"]
    ] as [string[], string][]) {
      expectOneLineError(args, `${message} (see --help)`);
    }
    const help = run(['verify', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /^Usage: convert-doctor verify \[options\] <model>/
    );
  });

  it('answers unknown for an unrelated error', () => {
    const d = JSON.parse(
      run(['diagnose', '--json', '-'], 'ZeroDivisionError: division by zero\n')
        .stdout
    );
    expect(d.category).toBe('unknown');
    expect(d.confidence).toBeLessThan(0.7);
  });

  it('fails clearly on bad input', () => {
    const missing = run(['diagnose', '--json', path.join(tmp, 'nope.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.txt/);
    const empty = run(['diagnose', '-'], '   \n');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/empty input/);
    const notError = run(['diagnose', '-'], '{"hello": 1}');
    expect(notError.code).toBe(2);
    expect(notError.stderr).toMatch(/not a Jupyter error output/);
    const badEnv = path.join(tmp, 'bad-env.json');
    fs.writeFileSync(badEnv, '{"python": {}}');
    const env = run(['diagnose', '--env', badEnv, '-'], 'ValueError: x');
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/not an environment report/);
    expect(run(['diagnose']).code).toBe(2);
  });
});

describe('convert-doctor environment reports', () => {
  function envFile(name: string, content: unknown): string {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
  }

  /** Exit 2 and exactly one line on stderr naming the field, no stack trace. */
  function expectRefused(res: ReturnType<typeof run>, message: string) {
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(`convert-doctor: ${message}\n`);
  }

  it('refuses a report with a bad field, naming the field in one line', () => {
    const number = envFile('number.json', {
      packages: { numpy: { installed: 2 } }
    });
    expectRefused(
      run(['env', '--report', number]),
      `${number}: packages.numpy.installed: expected a string or null, got number`
    );
    const flat = envFile('flat.json', { packages: { numpy: '2.0.0' } });
    expectRefused(
      run(['env', '--json', '--report', flat]),
      `${flat}: packages.numpy: expected an object, got "2.0.0"`
    );
    const odd = envFile('odd.json', {
      packages: { 'a\nb': { installed: '1', loaded: 1 } }
    });
    expectRefused(
      run(['diagnose', '--env', odd, '-'], 'ValueError: x'),
      `${odd}: packages["a\\nb"].loaded: expected a string or null, got number`
    );
    const host = envFile('host.json', { packages: {}, host: 'mars\nx' });
    expectRefused(
      run(['env', '--report', host]),
      `${host}: host: expected one of colab, kaggle, sagemaker, local, got "mars\\nx"`
    );
  });

  it('checks a report embedded in the diagnosed input the same way', () => {
    const input = JSON.stringify({
      ename: 'ValueError',
      evalue: 'x',
      traceback: ['ValueError: x'],
      env: { packages: { onnx: { installed: false } } }
    });
    expectRefused(
      run(['diagnose', '--json', '-'], input),
      'stdin: "env": packages.onnx.installed: expected a string or null, got boolean'
    );
  });

  it('accepts a hand-written report with only packages', () => {
    const minimal = envFile('minimal.json', {
      packages: {
        tensorflow: { installed: '2.17.1', loaded: null },
        'onnx-tf': { installed: '1.10.0' }
      }
    });
    const res = run(['env', '--json', '--report', minimal]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout);
    expect(out.report.packages.tensorflow.installed).toBe('2.17.1');
    expect(out.findings.map((f: { rule: string }) => f.rule)).toContain(
      'onnx-tf-dead-on-new-tf'
    );
  });

  it('exits 0 on a report no rule flags, and prints "no findings"', () => {
    const clean = envFile('clean.json', {
      packages: { numpy: { installed: '2.0.2', loaded: null } }
    });
    const res = run(['env', '--report', clean]);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('no findings\n');
  });

  it('says where `check --env` moved', () => {
    const minimal = envFile('moved.json', { packages: {} });
    const res = run(['check', '--env', minimal]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(
      'convert-doctor: `check --env` moved: use `convert-doctor env --report FILE`\n'
    );
  });
});

describe('convert-doctor env --freeze', () => {
  const COLAB_2026_08 = path.join(
    ROOT,
    'src/core/__tests__/data/colab_freezes/colab-2026-08.pip-freeze.txt'
  );

  it("evaluates Colab 2026-08's real pip freeze exactly as --report does", () => {
    const json = run([
      'env',
      '--json',
      '--freeze',
      COLAB_2026_08,
      '--python',
      '3.13.15'
    ]);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout);
    expect(out.report.python).toMatchObject({
      version: '3.13.15',
      env_kind: 'freeze'
    });
    expect(out.report.packages['opencv-python'].installed).toBe('5.0.0.93');
    expect(out.report.packages.torch).toEqual({
      installed: '2.11.0+cpu',
      loaded: null
    });
    const rules = out.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toContain('opencv5-no-darknet');
    expect(rules).toContain('tf220-interpreter-no-flex');
    // The same report saved and given to --report: the same findings, in the same order.
    const saved = path.join(tmp, 'freeze-report.json');
    fs.writeFileSync(saved, JSON.stringify(out.report));
    const viaReport = run(['env', '--json', '--report', saved]);
    expect(viaReport.code).toBe(1);
    expect(JSON.parse(viaReport.stdout).findings).toEqual(out.findings);

    const text = run(
      ['env', '--freeze', '-', '--python', '3.13.15'],
      fs.readFileSync(COLAB_2026_08, 'utf8')
    );
    expect(text.code).toBe(1);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^environment: pip freeze stdin \(\d+ distributions, Python 3\.13\.15\); versions as pinned, not read from a kernel$/
    );
    expect(lines[1]).toBe(
      'freeze note: line 170: google-colab is installed from a URL, version unknown (rules on its version cannot run)'
    );
    expect(text.stdout).toContain(
      '[warning] OpenCV 5.0.0.93 has no Darknet importer (cv2.dnn.readNetFromDarknet)'
    );
  });

  it('exits 0 on a clean requirements file and lists what is not a pin', () => {
    const file = path.join(tmp, 'requirements.txt');
    fs.writeFileSync(file, '\ufeffnumpy==2.0.2\r\ntensorflow>=2.16\r\n');
    const res = run(['env', '--freeze', file]);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(
      `environment: pip freeze ${file} (1 distribution, Python unknown: give --python X.Y.Z); versions as pinned, not read from a kernel\n` +
        'freeze note: line 2: tensorflow>=2.16 is not a pinned version, not an installed one: ignored\n\nno findings\n'
    );
  });

  it('refuses bad usage and hostile files in one line (exit 2)', () => {
    const binary = path.join(tmp, 'binary.whl');
    fs.writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0xff]));
    const huge = path.join(tmp, 'huge.txt');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 64 * 1024 * 1024);
    const empty = path.join(tmp, 'empty.txt');
    fs.writeFileSync(empty, '# nothing\n');
    for (const [args, message] of [
      [
        ['env', '--freeze', COLAB_2026_08, '--python', '/usr/bin/python3'],
        'with --freeze, --python is the version the freeze was taken on (e.g. 3.12.12), not "/usr/bin/python3"'
      ],
      [
        ['env', '--python', '3.12.12'],
        '--python is an interpreter path; "3.12.12" looks like a version: add --freeze FILE to check a pip freeze taken on it'
      ],
      [
        ['env', '--freeze', COLAB_2026_08, '--report', COLAB_2026_08],
        '--freeze evaluates a freeze file: drop --report/--url/--kernel'
      ],
      [
        ['env', '--freeze', binary],
        `${binary} is not a text file (binary content)`
      ],
      [
        ['env', '--freeze', huge],
        `${huge} is too large for a pip freeze (67108864 bytes, at most 2097152 characters)`
      ],
      [
        ['env', '--freeze', empty],
        `${empty} has no installed versions (no \`name==version\` line): is it a pip freeze?`
      ]
    ] as [string[], string][]) {
      expectOneLineError(args, message);
    }
  });
});
