/**
 * JupyterLab with both the labextension and the kernel extension (issue 9 item 5): the
 * kernel's diagnosis bundle is shown as this extension's annotation, once per error.
 */
import { expect, test } from '@jupyterlab/galata';

import { DIAGNOSIS, openNotebook } from '../annotation';
import { expectOneFailedCellListed } from '../inspector';
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
    await expectOneFailedCellListed(page, 'numpy_api_removed', 2);

    // Saved and reopened: the saved bundle is still the one annotation.
    await page.notebook.save();
    await page.notebook.close(true);
    await expect(page.locator(DIAGNOSIS)).toHaveCount(0);
    expect(await page.notebook.openByPath(file)).toBe(true);
    await expectOneKernelAnnotation(page, 1);
  });
});
