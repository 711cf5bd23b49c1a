/**
 * Unit tier: the parts that need no Python. The probe expression evaluated by a real Python,
 * and the checks that start from its real report, are in tests/integration/probeExpression.test.ts.
 */
import {
  EnvReportError,
  PROBE_EXPRESSION_KEY,
  parseEnvReport,
  parseExtraPackage,
  parseProbeReply,
  readWatchList,
  watchList
} from '../envReport';
import { SHIPPED_KNOWLEDGE } from '../shippedKnowledge';

describe('watchList', () => {
  it('starts from knowledge/packages.json and adds valid extra names once', () => {
    const shipped = SHIPPED_KNOWLEDGE.packages;
    expect(shipped.map(e => e.distribution)).toContain('tensorflow-cpu');
    const list = watchList(shipped, ['scikit-learn', 'Onnx', 'pillow:PIL']);
    expect(list.length).toBe(shipped.length + 2);
    expect(list).toContainEqual({
      distribution: 'scikit-learn',
      modules: ['scikit_learn']
    });
    expect(list).toContainEqual({ distribution: 'pillow', modules: ['PIL'] });
  });

  it('refuses names that are not distribution or module names', () => {
    expect(() => parseExtraPackage('"; import os')).toThrow(EnvReportError);
    expect(() => parseExtraPackage('')).toThrow(
      /not a valid distribution name/
    );
    expect(() => parseExtraPackage('ok:not a module')).toThrow(
      /not a valid module name/
    );
    expect(() => parseExtraPackage('bad\ud800name')).toThrow(EnvReportError);
  });
});

describe('readWatchList', () => {
  it('names the broken entry of a packages document', () => {
    expect(() => readWatchList({})).toThrow(/"packages" must be an array/);
    expect(() =>
      readWatchList({ packages: [{ distribution: 'onnx', modules: [1] }] })
    ).toThrow(/packages\[0\] needs a distribution and string modules/);
  });
});

describe('parseProbeReply', () => {
  const ok = (data: unknown) => ({
    [PROBE_EXPRESSION_KEY]: {
      status: 'ok',
      data: { 'application/json': data },
      metadata: {}
    }
  });

  it('explains malformed replies', () => {
    expect(() => parseProbeReply(undefined)).toThrow(
      /user_expressions: expected an object/
    );
    expect(() => parseProbeReply({})).toThrow(/has no "convert_doctor_env"/);
    expect(() =>
      parseProbeReply({
        [PROBE_EXPRESSION_KEY]: {
          status: 'error',
          ename: 'NameError',
          evalue: 'x',
          traceback: []
        }
      })
    ).toThrow('the probe expression raised NameError: x');
    expect(() =>
      parseProbeReply({
        [PROBE_EXPRESSION_KEY]: {
          status: 'ok',
          data: { 'text/plain': "{'a': 1}" }
        }
      })
    ).toThrow(/no application\/json data \(text\/plain: \{'a': 1\}\)/);
    expect(() =>
      parseProbeReply(ok({ probe_failed: 'SyntaxError: bad' }))
    ).toThrow('the probe failed in the kernel: SyntaxError: bad');
  });
});

describe('parseEnvReport on untrusted reports', () => {
  it('with partial, needs only packages and checks the sections that are there', () => {
    expect(
      parseEnvReport(
        { packages: { numpy: { installed: '2.0.0', loaded: null } } },
        { partial: true }
      )
    ).toEqual({
      packages: { numpy: { installed: '2.0.0', loaded: null } },
      errors: []
    });
    const cases: [unknown, RegExp][] = [
      [
        { packages: { numpy: { installed: 2 } } },
        /^packages.numpy.installed: expected a string or null, got number$/
      ],
      [
        { packages: { numpy: '2.0.0' } },
        /^packages.numpy: expected an object, got "2.0.0"$/
      ],
      [{ python: {} }, /^packages: expected an object, got nothing$/],
      [
        { packages: {}, python: { version: '3.11' } },
        /^python.implementation: expected a string, got nothing$/
      ],
      [
        { packages: {}, schema_version: 9 },
        /unsupported report schema_version/
      ],
      [{ packages: {}, host: 'mars' }, /^host: expected one of /]
    ];
    for (const [data, message] of cases) {
      expect(() => parseEnvReport(data, { partial: true })).toThrow(message);
    }
  });
});
