/**
 * Notebook 7 with both the labextension and the kernel extension (issue 9 item 5): the
 * kernel's diagnosis bundle is shown as this extension's annotation, once per error.
 */
import { test } from '../fixtures';
import { kernelExtensionScenario } from '../kernelExtension';

test('Notebook 7: %load_ext jupyterlab_convert_doctor and a real np.float failure show one annotation, the kernel’s', async ({
  page,
  notebook7,
  tmpPath
}) => {
  test.setTimeout(120000);
  await kernelExtensionScenario(page, cells =>
    notebook7.open(`${tmpPath}/nb7-kernel-extension.ipynb`, cells)
  );
});
