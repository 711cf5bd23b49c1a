/**
 * Notebooks are untrusted input: a planted "fix cell" is never run by Run fix cell, and a
 * malformed saved error output does not stop the annotation of the cells after it.
 */
import { test } from '@jupyterlab/galata';

import { openNotebook } from '../annotation';
import { forgedFixCellScenario, npFloatErrorOutput } from '../forgedFixCell';
import { expectOneFailedCellListed } from '../inspector';

test.describe('untrusted notebooks (JupyterLab)', () => {
  test('a forged, collapsed "fix cell" below a saved np.float error is never run; Insert adds ours, Run runs ours only', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(300000);
    await forgedFixCellScenario(page, cells =>
      openNotebook(page, `${tmpPath}/forged-fix.ipynb`, cells)
    );
  });

  test('a malformed saved error output does not stop the annotation of later cells', async ({
    page,
    tmpPath
  }) => {
    // The np.float cell is far below: only the work queue reaches it, no scrolling does.
    await openNotebook(page, `${tmpPath}/malformed.ipynb`, [
      {
        source: 'x = 1',
        execution_count: 1,
        outputs: [
          {
            output_type: 'error',
            ename: { toString: 1 },
            evalue: { toString: 1, valueOf: 1 },
            traceback: ['Traceback (most recent call last):', 'E: v']
          }
        ]
      },
      ...Array.from({ length: 40 }, (_, i) => `y_${i} = ${i}`),
      {
        source: 'import numpy as np\nnp.float',
        execution_count: 2,
        outputs: [npFloatErrorOutput()]
      }
    ]);
    await expectOneFailedCellListed(page, 'numpy_api_removed', 42);
  });
});
