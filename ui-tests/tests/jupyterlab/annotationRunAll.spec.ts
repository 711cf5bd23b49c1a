import { expect, test } from '@jupyterlab/galata';

import {
  diagnosisOf,
  DIAGNOSIS,
  MISSING_ONNX_TF_SOURCE,
  notebookJson,
  runCommand
} from '../annotation';

test.describe('failing-cell diagnosis with Run All (JupyterLab)', () => {
  test('only the cell that failed is annotated, not the cells aborted behind it', async ({
    page,
    tmpPath
  }) => {
    const file = `${tmpPath}/run-all.ipynb`;
    expect(
      await page.contents.uploadContent(
        notebookJson([MISSING_ONNX_TF_SOURCE, 'print("never runs")']),
        'text',
        file
      )
    ).toBe(true);
    expect(await page.notebook.openByPath(file)).toBe(true);
    await page.waitForFunction(
      () =>
        (window as any).jupyterapp.shell.currentWidget?.sessionContext?.session
          ?.kernel?.status === 'idle'
    );

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
