import { expect, test } from '@jupyterlab/galata';

import {
  diagnosisOf,
  IR_TOO_NEW_SOURCE,
  notebookJson,
  runCellAt
} from '../annotation';
import { PANEL, runCommand } from '../inspector';

// Notebook 7 has no Launcher, galata's default readiness check (as jupyter/notebook's ui-tests).
test.use({
  waitForApplication: async ({ baseURL }, use) => {
    await use(async page => {
      await page.waitForSelector('#main-panel');
    });
  }
});

// Notebook 7: the inspector takes the annotation's diagnoses through its optional token too.
test('Notebook 7: the inspector lists a really failed cell and goes to it', async ({
  page,
  baseURL,
  tmpPath
}) => {
  const file = `${tmpPath}/nb7-link.ipynb`;
  expect(
    await page.contents.uploadContent(
      notebookJson([IR_TOO_NEW_SOURCE, 'b = 2']),
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
  await runCommand(page, 'convert-doctor:open-inspector');
  await expect(page.locator(PANEL)).toBeVisible();

  await runCellAt(page, 0);
  await expect(diagnosisOf(page, 0)).toHaveAttribute(
    'data-category',
    'onnxruntime_ir_version'
  );
  const item = page.locator(`${PANEL} .jp-ConvertDoctor-failedCell`);
  await expect(item).toHaveAttribute('data-category', 'onnxruntime_ir_version');
  const go = item.locator('button[data-action="go-to-cell"]');
  await expect(go).toHaveText('Cell 1');

  await page.evaluate(() => {
    (window as any).jupyterapp.shell.currentWidget.content.activeCellIndex = 1;
  });
  await go.click();
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (window as any).jupyterapp.shell.currentWidget.content.activeCellIndex
      )
    )
    .toBe(0);
});
