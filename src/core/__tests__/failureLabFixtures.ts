/**
 * The failure lab's committed fixtures (tests/fixtures/failure-lab/*.json, written by lab/), read
 * once for every spec that uses them. Loading asserts its own premise: the folder exists and holds
 * at least the fixtures the lab README counts, each with its real environment report, so a moved
 * or emptied folder fails loudly instead of leaving per-fixture loops with nothing to check.
 */
import * as fs from 'fs';
import * as path from 'path';
import { IEnvReport } from '../types';

export const FAILURE_LAB_DIR = path.resolve(
  __dirname,
  '../../../tests/fixtures/failure-lab'
);

/** The number of fixtures committed when this floor was set; the lab only grows. */
export const MIN_FAILURE_LAB_FIXTURES = 50;

export interface IFailureLabFixture {
  case: string;
  expected_category: string;
  /** The recipe that fits the case (null: none does), judged from the case. */
  fitting_recipe: string | null;
  description: string;
  ename: string;
  evalue: string;
  traceback: string[];
  env: IEnvReport;
}

/** [file name, fixture] sorted by file name; throws when the premise does not hold. */
export function loadFailureLab(): [string, IFailureLabFixture][] {
  if (!fs.existsSync(FAILURE_LAB_DIR)) {
    throw new Error(`failure-lab fixtures missing: ${FAILURE_LAB_DIR}`);
  }
  const fixtures = fs
    .readdirSync(FAILURE_LAB_DIR)
    .filter(f => f.endsWith('.json'))
    .sort()
    .map(
      f =>
        [
          f,
          JSON.parse(fs.readFileSync(path.join(FAILURE_LAB_DIR, f), 'utf8'))
        ] as [string, IFailureLabFixture]
    );
  if (fixtures.length < MIN_FAILURE_LAB_FIXTURES) {
    throw new Error(
      `${fixtures.length} failure-lab fixtures, expected at least ${MIN_FAILURE_LAB_FIXTURES}`
    );
  }
  const withoutEnv = fixtures.filter(([, fx]) => !fx.env).map(([f]) => f);
  if (withoutEnv.length) {
    throw new Error(`fixtures without an env report: ${withoutEnv.join(', ')}`);
  }
  return fixtures;
}

/** One fixture by its file name (e.g. `onnx112_protobuf4_descriptors.json`). */
export function readFailureLabFixture(file: string): IFailureLabFixture {
  return JSON.parse(
    fs.readFileSync(path.join(FAILURE_LAB_DIR, file), 'utf8')
  ) as IFailureLabFixture;
}

/**
 * The code of a fixture's case (lab/cases/<case>.py) as a failing cell's source: the script
 * after its docstring and CASE literal, which describe the case rather than run it.
 */
export function caseSource(fixture: IFailureLabFixture): string {
  const script = fs.readFileSync(
    path.resolve(FAILURE_LAB_DIR, '../../../lab/cases', `${fixture.case}.py`),
    'utf8'
  );
  const end = /^\}[ \t]*$/m.exec(script);
  if (!end) {
    throw new Error(`lab/cases/${fixture.case}.py: no end of its CASE literal`);
  }
  return script.slice(end.index + end[0].length);
}
