import { expect, test } from '@jupyterlab/galata';

import {
  cellModels,
  diagnosisOf,
  IR_TOO_NEW_SOURCE,
  notebookJson,
  runCellAt
} from '../annotation';

// Notebook 7 has no Launcher, galata's default readiness check (as jupyter/notebook's ui-tests).
test.use({
  waitForApplication: async ({ baseURL }, use) => {
    await use(async page => {
      await page.waitForSelector('#main-panel');
    });
  }
});

// Notebook 7 (appPath ''): no ILabShell, no ILayoutRestorer; only INotebookTracker is required.
test('Notebook 7 diagnoses a real failing cell and inserts and runs the fix cell', async ({
  page,
  baseURL,
  tmpPath
}) => {
  const file = `${tmpPath}/nb7-ir.ipynb`;
  expect(
    await page.contents.uploadContent(
      notebookJson([IR_TOO_NEW_SOURCE]),
      'text',
      file
    )
  ).toBe(true);
  await page.goto(`${baseURL}/notebooks/${file}`);
  await page.waitForSelector('#main-panel');
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await page.waitForFunction(
    () =>
      (window as any).jupyterapp?.shell?.currentWidget?.sessionContext?.session
        ?.kernel?.status === 'idle'
  );

  await runCellAt(page, 0);
  const annotation = diagnosisOf(page, 0);
  await expect(annotation).toHaveAttribute(
    'data-category',
    'onnxruntime_ir_version'
  );
  await expect(
    annotation.locator('.jp-ConvertDoctor-diagnosis-evidence')
  ).toContainText('Unsupported model IR version');

  await annotation.locator('[data-action="insert-fix"]').click();
  const cells = await cellModels(page);
  expect(cells.length).toBe(2);
  expect(cells[1].metadata.convert_doctor.recipe).toEqual(expect.any(String));
  expect(cells[1].source).toContain('run_recipe(');
  expect(cells[1].execution_count).toBeNull();

  await annotation.locator('[data-action="run-fix"]').click();
  await expect
    .poll(async () => (await cellModels(page))[1].execution_count, {
      timeout: 120000
    })
    .not.toBeNull();
});
