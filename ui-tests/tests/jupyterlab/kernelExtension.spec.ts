/**
 * JupyterLab with both the labextension and the kernel extension (issue 9 item 5): the
 * kernel's diagnosis bundle is shown as this extension's annotation, once per error.
 */
import { expect, test } from '@jupyterlab/galata';

import { DIAGNOSIS, openNotebook, runCommand } from '../annotation';
import { PANEL } from '../inspector';
import {
  expectOneKernelAnnotation,
  kernelExtensionScenario
} from '../kernelExtension';

test.describe('the kernel extension in JupyterLab', () => {
  test('%load_ext jupyterlab_convert_doctor: a real np.float failure shows one annotation, the kernel’s, with Insert/Run fix cell', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(120000);
    const file = `${tmpPath}/kernel-extension.ipynb`;
    await kernelExtensionScenario(page, cells =>
      openNotebook(page, file, cells)
    );

    // The inspector lists the cell the kernel diagnosed, as it lists the annotator's.
    await runCommand(page, 'convert-doctor:open-inspector');
    await expect(page.locator(PANEL)).toBeVisible();
    const listed = page.locator(
      `${PANEL} .jp-ConvertDoctor-failedCell[data-category="numpy_api_removed"]`
    );
    await expect(listed).toHaveCount(1);
    await expect(listed.locator('button[data-action="go-to-cell"]')).toHaveText(
      'Cell 2'
    );

    // Saved and reopened: the saved bundle is still the one annotation.
    await page.notebook.save();
    await page.notebook.close(true);
    await expect(page.locator(DIAGNOSIS)).toHaveCount(0);
    expect(await page.notebook.openByPath(file)).toBe(true);
    await expectOneKernelAnnotation(page, 1);
  });
});
