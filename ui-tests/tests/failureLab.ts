/**
 * The failure lab's recorded failures (tests/fixtures/failure-lab/*.json: a real error, the
 * environment it happened in, the category it must get), read at test time.
 */
import fs from 'fs';
import path from 'path';

const FAILURE_LAB = path.resolve(
  __dirname,
  '..',
  '..',
  'tests',
  'fixtures',
  'failure-lab'
);

/** The recorded failure `name` (e.g. 'onnx113_numpy124_np_float'). */
export function failureLabCase(name: string): Record<string, any> {
  return JSON.parse(
    fs.readFileSync(path.join(FAILURE_LAB, `${name}.json`), 'utf8')
  );
}
