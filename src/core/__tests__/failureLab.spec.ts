/**
 * Every failure-lab fixture (a real traceback captured by really running a failing conversion,
 * tests/fixtures/failure-lab/*.json, written by lab/) is diagnosed as its expected category.
 */
import { IEnvReport } from '../types';
import { SHIPPED_KNOWLEDGE } from '../shippedKnowledge';
import {
  IFailureLabFixture as IFixture,
  loadFailureLab,
  MIN_FAILURE_LAB_FIXTURES
} from './failureLabFixtures';

const fixtures = loadFailureLab();

describe('failure-lab fixtures', () => {
  it('are all there', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(MIN_FAILURE_LAB_FIXTURES);
  });

  it.each(fixtures)('%s', (_file, fx) => {
    const d = SHIPPED_KNOWLEDGE.diagnose(
      { ename: fx.ename, evalue: fx.evalue, traceback: fx.traceback },
      fx.env
    );
    expect({ case: fx.case, category: d.category }).toEqual({
      case: fx.case,
      category: fx.expected_category
    });
    expect(d.confidence).toBeGreaterThanOrEqual(0.7);
    expect(d.evidence.length).toBeGreaterThan(0);
  });
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
