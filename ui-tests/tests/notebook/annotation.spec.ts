import {
  expect,
  galata,
  type IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';

import {
  cellModels,
  diagnosisOf,
  DIAGNOSIS,
  IR_TOO_NEW_SOURCE,
  MISSING_ONNX_TF_SOURCE,
  notebookJson,
  runCellAt,
  runFromCellContextMenu
} from '../annotation';

// Notebook 7 has no Launcher, galata's default readiness check (as jupyter/notebook's ui-tests).
test.use({
  waitForApplication: async ({ baseURL }, use) => {
    await use(async page => {
      await page.waitForSelector('#main-panel');
    });
  }
});

/** Opens a notebook of these code cells in Notebook 7 and waits for its kernel. */
async function openNotebook(
  page: IJupyterLabPageFixture,
  baseURL: string,
  file: string,
  sources: string[]
): Promise<void> {
  expect(
    await page.contents.uploadContent(notebookJson(sources), 'text', file)
  ).toBe(true);
  await page.goto(`${baseURL}/notebooks/${file}`);
  await page.waitForSelector('#main-panel');
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await page.waitForFunction(
    () =>
      (window as any).jupyterapp?.shell?.currentWidget?.sessionContext?.session
        ?.kernel?.status === 'idle'
  );
}

// Notebook 7 (appPath ''): no ILabShell, no ILayoutRestorer; only INotebookTracker is required.
test('Notebook 7 diagnoses a real failing cell and inserts and runs the fix cell', async ({
  page,
  baseURL,
  tmpPath
}) => {
  await openNotebook(page, baseURL!, `${tmpPath}/nb7-ir.ipynb`, [
    IR_TOO_NEW_SOURCE
  ]);

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

test.describe('Notebook 7 cell context menu, auto-annotation off', () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      'jupyterlab-convert-doctor:annotation': { autoAnnotate: false }
    }
  });

  test('the cell context menu diagnoses this cell, all failed cells, and inserts the fix cell', async ({
    page,
    baseURL,
    tmpPath
  }) => {
    await openNotebook(page, baseURL!, `${tmpPath}/nb7-context-menu.ipynb`, [
      IR_TOO_NEW_SOURCE,
      'print("fine")',
      MISSING_ONNX_TF_SOURCE
    ]);
    await runCellAt(page, 0);
    await runCellAt(page, 2);
    await page.waitForTimeout(1000);
    await expect(page.locator(DIAGNOSIS)).toHaveCount(0);

    // The right-click makes the clicked cell the active one: the command acts on it alone.
    await page.evaluate(() => {
      (window as any).jupyterapp.shell.currentWidget.content.activeCellIndex =
        1;
    });
    await runFromCellContextMenu(page, 0, 'convert-doctor:diagnose-cell');
    await expect(diagnosisOf(page, 0)).toHaveAttribute(
      'data-category',
      'onnxruntime_ir_version'
    );
    await expect(page.locator(DIAGNOSIS)).toHaveCount(1);

    await runFromCellContextMenu(page, 0, 'convert-doctor:insert-fix');
    const cells = await cellModels(page);
    expect(cells.length).toBe(4);
    expect(cells[0].source).toBe(IR_TOO_NEW_SOURCE);
    expect(cells[1].metadata.tags).toContain('convert-doctor-fix');
    expect(cells[1].metadata.convert_doctor.recipe).toEqual(expect.any(String));
    expect(cells[1].source).toContain('run_recipe(');
    expect(cells[1].execution_count).toBeNull();
    await expect(
      diagnosisOf(page, 0).locator('[data-action="run-fix"]')
    ).toBeVisible();

    await runFromCellContextMenu(page, 1, 'convert-doctor:diagnose-all');
    await expect(diagnosisOf(page, 3)).toHaveAttribute(
      'data-category',
      'missing_dependency'
    );
    await expect(page.locator(DIAGNOSIS)).toHaveCount(2);
  });
});
