import { expect, test } from '@jupyterlab/galata';

import { packageRow, PANEL, runCommand } from '../inspector';
import { HEAVY_VENV_PYTHON, venvFacts } from '../venvVersions';

// A real environment where compatibility rules must fire: the heavy kernel's venv has
// tensorflow-cpu (Keras 3) and torch 2.13 (dynamo exporter by default) without onnxscript.
const HEAVY_KERNEL = 'convert-doctor-heavy';

test.describe('environment findings on a real kernel (JupyterLab)', () => {
  test.use({ kernels: null });

  test('the rules that apply to the kernel’s packages fire, the others do not', async ({
    page
  }) => {
    const truth = venvFacts(['torch', 'onnxscript'], HEAVY_VENV_PYTHON);
    expect(truth.versions.torch).toBeTruthy();
    expect(truth.versions.onnxscript).toBeNull();

    await page.notebook.createNew('heavy.ipynb', { kernel: HEAVY_KERNEL });
    await runCommand(page, 'convert-doctor:open-inspector');

    await expect(packageRow(page, 'torch')).toHaveAttribute(
      'data-installed',
      truth.versions.torch as string,
      { timeout: 60000 }
    );
    const onnxscriptRule = page.locator(
      `${PANEL} [data-rule="torch-dynamo-without-onnxscript"]`
    );
    await expect(onnxscriptRule).toBeVisible();
    await expect(onnxscriptRule).toHaveAttribute('data-severity', 'warning');
    // No tensorflow-addons in that venv: its Keras 3 rule stays quiet.
    await expect(
      page.locator(`${PANEL} [data-rule="tfa-with-keras3"]`)
    ).toHaveCount(0);
  });
});
