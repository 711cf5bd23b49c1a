import { expect, test } from '@jupyterlab/galata';

import {
  diagnosisOf,
  DIAGNOSIS,
  MISSING_ONNX_TF_SOURCE,
  openNotebook,
  runCommand
} from '../annotation';

test.describe('failing-cell diagnosis with Run All (JupyterLab)', () => {
  test('only the cell that failed is annotated, not the cells aborted behind it', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/run-all.ipynb`, [
      MISSING_ONNX_TF_SOURCE,
      'print("never runs")'
    ]);

    await runCommand(page, 'notebook:run-all-cells');

    await expect(diagnosisOf(page, 0)).toHaveAttribute(
      'data-category',
      'missing_dependency'
    );
    // The second cell's execute request was aborted by the kernel (stop_on_error): no error
    // of its own, so nothing to diagnose.
    await page.waitForTimeout(1000);
    await expect(page.locator(DIAGNOSIS)).toHaveCount(1);
  });
});
