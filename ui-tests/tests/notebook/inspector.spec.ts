import { expect, test } from '@jupyterlab/galata';

import { packageRow, PANEL, runCommand } from '../inspector';
import { venvFacts } from '../venvVersions';

const NOTEBOOK = {
  cells: [
    {
      cell_type: 'code',
      execution_count: null,
      id: 'probe-me',
      metadata: {},
      outputs: [],
      source: ['import numpy']
    }
  ],
  metadata: {
    kernelspec: {
      display_name: 'Python 3 (ipykernel)',
      language: 'python',
      name: 'python3'
    }
  },
  nbformat: 4,
  nbformat_minor: 5
};

// Notebook 7 has no Launcher, galata's default readiness check (as jupyter/notebook's ui-tests).
test.use({
  waitForApplication: async ({ baseURL }, use) => {
    await use(async page => {
      await page.waitForSelector('#main-panel');
    });
  }
});

// Notebook 7 (appPath ''): no ILabShell, no ILayoutRestorer, no status bar.
test('Notebook 7 shows the inspector with the kernel’s real versions', async ({
  page,
  baseURL,
  tmpPath
}) => {
  const truth = venvFacts(['numpy', 'onnx']);
  const file = `${tmpPath}/nb7.ipynb`;
  expect(
    await page.contents.uploadContent(JSON.stringify(NOTEBOOK), 'text', file)
  ).toBe(true);

  await page.goto(`${baseURL}/notebooks/${file}`);
  await page.waitForSelector('#main-panel');
  await page.waitForFunction(
    () => (window as any).jupyterapp?.commands !== undefined
  );
  await page.waitForSelector('.jp-Notebook');

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
