/**
 * Every failure-lab fixture (a real traceback captured by really running a failing conversion,
 * tests/fixtures/failure-lab/*.json, written by lab/) is diagnosed as its expected category.
 */
import * as fs from 'fs';
import * as path from 'path';
import { IEnvReport } from '../types';
import { SHIPPED_KNOWLEDGE } from '../shippedKnowledge';

const DIR = path.resolve(__dirname, '../../../tests/fixtures/failure-lab');

interface IFixture {
  case: string;
  expected_category: string;
  ename: string;
  evalue: string;
  traceback: string[];
  env?: IEnvReport | null;
}

const fixtures: [string, IFixture][] = fs.existsSync(DIR)
  ? fs
      .readdirSync(DIR)
      .filter(f => f.endsWith('.json'))
      .sort()
      .map(f => [
        f,
        JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as IFixture
      ])
  : [];

describe('failure-lab fixtures', () => {
  it('exist once the folder exists', () => {
    if (fs.existsSync(DIR)) {
      expect(fixtures.length).toBeGreaterThanOrEqual(1);
    }
  });

  if (fixtures.length) {
    it.each(fixtures)('%s', (_file, fx) => {
      const d = SHIPPED_KNOWLEDGE.diagnose(
        { ename: fx.ename, evalue: fx.evalue, traceback: fx.traceback },
        fx.env ?? undefined
      );
      expect({ case: fx.case, category: d.category }).toEqual({
        case: fx.case,
        category: fx.expected_category
      });
      expect(d.confidence).toBeGreaterThanOrEqual(0.7);
      expect(d.evidence.length).toBeGreaterThan(0);
    });
  }
});

describe('environment-aware explanations on real failures', () => {
  const byCase = new Map(fixtures.map(([, fx]) => [fx.case, fx]));
  const diagnoseFixture = (fx: IFixture, env?: IEnvReport) =>
    SHIPPED_KNOWLEDGE.diagnose(
      { ename: fx.ename, evalue: fx.evalue, traceback: fx.traceback },
      env
    );

  it('a Flex model under TF >= 2.20 is blamed on the wheel’s missing Flex delegate', () => {
    const tf221 = byCase.get('tf221_interpreter_flex_select_ops')!;
    const litert = byCase.get('litert_interpreter_flex_model')!;
    const onTf221 = diagnoseFixture(tf221, tf221.env!);
    expect(onTf221.title).toBe(
      "This TensorFlow's TFLite interpreter has no Flex delegate"
    );
    expect(onTf221.fixes).toContain('tf-tflite-select-ops');
    // The same error text without that TensorFlow keeps the general explanation.
    expect(diagnoseFixture(tf221).title).not.toBe(onTf221.title);
    // TF 2.19's slim LiteRT interpreter: a different cause, the general explanation.
    expect(diagnoseFixture(litert, litert.env!).title).not.toBe(onTf221.title);
  });
});
