/**
 * The kernel probe expression evaluated by a real Python, the way IPython evaluates a user
 * expression, and the report checks that start from its real report. Integration tier: it
 * spawns the project's Python (the unit specs of envReport.ts are in src/core/__tests__).
 */
import { spawnSync } from 'child_process';

import {
  PROBE_EXPRESSION_KEY,
  buildProbeExpression,
  parseEnvReport,
  parseProbeReply,
  watchList
} from '../../src/core/envReport';
import { SHIPPED_KNOWLEDGE } from '../../src/core/shippedKnowledge';

import { PROJECT_PYTHON } from './jupyterServer';

const PYTHON = process.env.CONVERT_DOCTOR_TEST_PYTHON ?? PROJECT_PYTHON;

/** Evaluates the probe expression the way IPython evaluates a user expression (eval in user_ns). */
function evalInPython(expression: string): {
  ns_before: string[];
  ns_after: string[];
  result: any;
} {
  const script = `
import json, sys
expression = sys.stdin.read()
user_ns = {'exec': None, 'compile': None, 'JSON': None, 'result': 'mine', 'watch': 42}
before = sorted(user_ns)
value = eval(expression, user_ns)
after = sorted(k for k in user_ns if k != '__builtins__')
data = value._repr_json_()[0] if hasattr(value, '_repr_json_') else {'not_json': repr(value)}
print(json.dumps({'ns_before': before, 'ns_after': after, 'result': data, 'mine': user_ns['result']}))
`;
  const run = spawnSync(PYTHON, ['-c', script], {
    input: expression,
    encoding: 'utf8'
  });
  if (run.status !== 0) {
    throw new Error(`python failed: ${run.stderr}`);
  }
  return JSON.parse(run.stdout);
}

function realReport(): unknown {
  return evalInPython(buildProbeExpression(SHIPPED_KNOWLEDGE.packages)).result;
}

describe('buildProbeExpression (evaluated by a real Python)', () => {
  it('returns a JSON display object with a valid report and leaves the namespace alone', () => {
    const run = evalInPython(
      buildProbeExpression(watchList(SHIPPED_KNOWLEDGE.packages, ['pytest']))
    );
    expect(run.ns_after).toEqual(run.ns_before);
    const report = parseEnvReport(run.result);
    expect(report.packages.pytest.installed).toMatch(/^\d+\./);
    expect(report.packages['tensorflow-cpu']).toEqual({
      installed: null,
      loaded: null
    });
    expect(report.python.env_kind).toBe('venv');
  });

  it.each([
    ['raise ValueError("boom")', 'ValueError: boom'],
    ['def broken(:', 'SyntaxError'],
    ['import sys; sys.exit(3)', 'SystemExit: 3'],
    ['probe_environment = lambda watch: {"a": object()}', 'TypeError']
  ])(
    'never raises: a probe source %j comes back as probe_failed',
    (source, message) => {
      const run = evalInPython(
        buildProbeExpression(SHIPPED_KNOWLEDGE.packages, source)
      );
      expect(run.ns_after).toEqual(run.ns_before);
      expect(() => parseEnvReport(run.result)).toThrow(
        `the probe failed in the kernel: ${message}`
      );
    }
  );

  it('reports a malformed watch entry instead of raising', () => {
    // A watch-list that is not a list is reported in errors, not raised.
    const expression = buildProbeExpression([
      { distribution: 'x', modules: 'bad' as any }
    ]);
    const report = parseEnvReport(evalInPython(expression).result);
    expect(report.packages.x).toEqual({ installed: null, loaded: null });
  });
});

describe('parseProbeReply on a real report', () => {
  it('accepts a real probe report', () => {
    const reply = {
      [PROBE_EXPRESSION_KEY]: {
        status: 'ok',
        data: { 'application/json': realReport() },
        metadata: {}
      }
    };
    const report = parseProbeReply(reply);
    expect(report.schema_version).toBe(1);
    expect(typeof report.probe_ms).toBe('number');
    expect(Object.keys(report.packages).length).toBe(
      SHIPPED_KNOWLEDGE.packages.length
    );
  });

  it('names the field that is wrong', () => {
    const base = realReport() as any;
    const cases: [any, RegExp][] = [
      [{ ...base, schema_version: 2 }, /unsupported report schema_version/],
      [
        { ...base, host: 'mars' },
        /^host: expected one of colab, .*, got "mars"$/
      ],
      [
        { ...base, probe_ms: -1 },
        /^probe_ms: expected a non-negative number, got number$/
      ],
      [
        { ...base, python: { ...base.python, version: 3 } },
        /^python.version: expected a string, got number$/
      ],
      [
        { ...base, packages: { numpy: { installed: 1, loaded: null } } },
        /^packages.numpy.installed: expected a string or null, got number$/
      ],
      [
        { ...base, packages: { numpy: '2.0.0' } },
        /^packages.numpy: expected an object, got "2.0.0"$/
      ],
      [
        { ...base, packages: [] },
        /^packages: expected an object, got an array$/
      ],
      [
        { ...base, cuda: { ...base.cuda, libraries: 'x' } },
        /^cuda.libraries: expected an array, got "x"$/
      ],
      [
        { ...base, cuda: { ...base.cuda, env: { A: 1 } } },
        /^cuda.env.A: expected a string, got number$/
      ],
      [
        { ...base, errors: [1] },
        /^errors\[0\]: expected a string, got number$/
      ],
      ['report', /^the probe report: expected an object, got "report"$/]
    ];
    for (const [data, message] of cases) {
      expect(() => parseEnvReport(data)).toThrow(message);
    }
  });
});

describe('parseEnvReport on an untrusted real report', () => {
  it('keeps odd package names as plain keys and names them in one line', () => {
    const base = realReport() as any;
    const packages = JSON.parse(
      '{"__proto__": {"installed": "1.0", "loaded": null}, "ruamel.yaml": {"installed": null}}'
    );
    const report = parseEnvReport({ ...base, packages });
    expect(Object.getPrototypeOf(report.packages)).toBe(Object.prototype);
    expect(Object.keys(report.packages)).toEqual(['__proto__', 'ruamel.yaml']);
    expect(report.packages['ruamel.yaml']).toEqual({
      installed: null,
      loaded: null
    });
    expect(() =>
      parseEnvReport({
        ...base,
        packages: { 'a\nb': { installed: ['1'] } }
      })
    ).toThrow(
      /^packages\["a\\nb"\]\.installed: expected a string or null, got an array$/
    );
  });
});
