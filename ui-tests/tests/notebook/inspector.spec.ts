import { expect, test } from '../fixtures';
import { packageRow, PANEL, runCommand } from '../inspector';
import { venvFacts } from '../venvVersions';

// Notebook 7 (appPath ''): no ILabShell, no ILayoutRestorer, no status bar.
test('Notebook 7 shows the inspector with the kernel’s real versions', async ({
  page,
  notebook7,
  tmpPath
}) => {
  const truth = venvFacts(['numpy', 'onnx']);
  // The inspector probes the kernel itself: no wait for it here.
  await notebook7.open(
    `${tmpPath}/nb7.ipynb`,
    [{ id: 'probe-me', source: 'import numpy' }],
    { kernel: false }
  );
  await page.waitForFunction(
    () => (window as any).jupyterapp?.commands !== undefined
  );

  await runCommand(page, 'convert-doctor:open-inspector');
  await expect(page.locator(PANEL)).toBeVisible();
  await expect(packageRow(page, 'numpy')).toHaveAttribute(
    'data-installed',
    truth.versions.numpy!
  );
  await expect(packageRow(page, 'onnx')).toHaveAttribute(
    'data-installed',
    truth.versions.onnx!
  );
  await expect(
    page.locator(`${PANEL} [data-fact="python-version"]`)
  ).toHaveText(truth.python);
});
