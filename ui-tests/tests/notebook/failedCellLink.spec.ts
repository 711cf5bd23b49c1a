import { diagnosisOf, IR_TOO_NEW_SOURCE, runCellAt } from '../annotation';
import { expect, test } from '../fixtures';
import { PANEL, runCommand } from '../inspector';

// Notebook 7: the inspector takes the annotation's diagnoses through its optional token too.
test('Notebook 7: the inspector lists a really failed cell and goes to it', async ({
  page,
  notebook7,
  tmpPath
}) => {
  await notebook7.open(`${tmpPath}/nb7-link.ipynb`, [
    IR_TOO_NEW_SOURCE,
    'b = 2'
  ]);
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
