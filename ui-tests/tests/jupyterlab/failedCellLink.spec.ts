/**
 * The inspector links to the failed cells the annotation diagnosed: a cell failing for real in
 * the project kernel (an ONNX model whose IR version is too new for onnxruntime) is listed in
 * the inspector with its category title and number, and its button activates that cell.
 */
import { expect, test } from '@jupyterlab/galata';

import {
  diagnosisOf,
  IR_TOO_NEW_SOURCE,
  openNotebook,
  runCellAt,
  runCommand
} from '../annotation';
import { PANEL } from '../inspector';

const FAILED = `${PANEL} .jp-ConvertDoctor-failedCell`;

async function activeCellIndex(page: any): Promise<number> {
  return page.evaluate(
    () => (window as any).jupyterapp.shell.currentWidget.content.activeCellIndex
  );
}

test('the inspector lists a really failed cell and takes the user to it', async ({
  page,
  tmpPath
}) => {
  await openNotebook(page, `${tmpPath}/link.ipynb`, [
    'a = 1',
    IR_TOO_NEW_SOURCE,
    'b = 2'
  ]);
  await runCommand(page, 'convert-doctor:open-inspector');
  await expect(page.locator(PANEL)).toBeVisible();
  await expect(page.locator(FAILED)).toHaveCount(0);

  await runCellAt(page, 1);
  const annotation = diagnosisOf(page, 1);
  await expect(annotation).toHaveAttribute(
    'data-category',
    'onnxruntime_ir_version'
  );
  const title = await annotation
    .locator('.jp-ConvertDoctor-diagnosisTitle')
    .first()
    .textContent();

  // Listed with the annotation's category, title and the cell's number.
  const item = page.locator(FAILED);
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-category', 'onnxruntime_ir_version');
  expect(title?.trim()).toBeTruthy();
  await expect(item.locator('.jp-ConvertDoctor-failedCellTitle')).toHaveText(
    title!.trim()
  );
  const go = item.locator('button[data-action="go-to-cell"]');
  await expect(go).toHaveText('Cell 2');

  // Elsewhere in the notebook, the button makes the failed cell the active one.
  await page.evaluate(() => {
    (window as any).jupyterapp.shell.currentWidget.content.activeCellIndex = 2;
  });
  await go.click();
  await expect.poll(() => activeCellIndex(page)).toBe(1);

  // A cell inserted above renumbers it; clearing its output takes it off the list.
  await page.evaluate(async () => {
    const app = (window as any).jupyterapp;
    app.shell.currentWidget.content.activeCellIndex = 0;
    await app.commands.execute('notebook:insert-cell-above');
  });
  await expect(go).toHaveText('Cell 3');
  await go.click();
  await expect.poll(() => activeCellIndex(page)).toBe(2);

  await runCommand(page, 'notebook:clear-all-cell-outputs');
  await expect(page.locator(FAILED)).toHaveCount(0);
});
