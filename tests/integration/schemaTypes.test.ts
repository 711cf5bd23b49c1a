import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';

import { ROOT as root } from './jupyterServer';

describe('schema types', () => {
  it('src/core/_schema.ts is a fresh generation from knowledge/schema (run jlpm build:schema)', () => {
    // In a child Node: prettier, which the generator formats with, cannot load inside jest.
    const generated = execFileSync(
      process.execPath,
      [join(root, 'scripts', 'generate-schema-types.js'), '--print'],
      { encoding: 'utf8', timeout: 60_000 }
    );
    expect(generated).toContain('export interface IRulesFile');
    expect(readFileSync(join(root, 'src', 'core', '_schema.ts'), 'utf8')).toBe(
      generated
    );
  });
});
