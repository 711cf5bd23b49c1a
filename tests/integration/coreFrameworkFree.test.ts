/**
 * The eslint rules that keep src/core free of JupyterLab, Lumino and the DOM fire: eslint
 * (in a child Node, its flat config is an ES module) lints sources given as files of
 * src/core and of a plugin folder.
 */
import { execFileSync } from 'child_process';
import { join } from 'path';

import { ROOT as root } from './jupyterServer';

const SOURCE = `import { Widget } from '@lumino/widgets';
import type { INotebookTracker } from '@jupyterlab/notebook';

export const title = (tracker: INotebookTracker | null): string =>
  String(tracker) + String(Widget) + document.title + window.location.href;
`;

/** The ids of the rules that fire on SOURCE read as `file` (a path under the repository). */
function firing(file: string): string[] {
  let out: string;
  try {
    out = execFileSync(
      process.execPath,
      [
        join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'),
        '--no-warn-ignored',
        '--format',
        'json',
        '--stdin',
        '--stdin-filename',
        file
      ],
      { cwd: root, input: SOURCE, encoding: 'utf8', timeout: 60_000 }
    );
  } catch (err) {
    // eslint exits 1 when a rule reports an error; its report is on stdout all the same.
    out = (err as { stdout: string }).stdout;
  }
  const results: { messages: { ruleId: string }[] }[] = JSON.parse(out);
  return results.flatMap(result => result.messages.map(m => m.ruleId)).sort();
}

describe('src/core stays framework-free', () => {
  it('reports @jupyterlab / @lumino imports and window / document in src/core', () => {
    expect(firing('src/core/newModule.ts')).toEqual([
      'no-restricted-globals',
      'no-restricted-globals',
      'no-restricted-imports',
      'no-restricted-imports'
    ]);
  });

  it('allows them in a plugin folder', () => {
    expect(firing('src/inspector/newModule.ts')).toEqual([]);
  });
});
