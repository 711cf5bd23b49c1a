import {
  cellModels,
  contextMenuScenario,
  IR_TOO_NEW_SOURCE,
  runToDiagnosis
} from '../annotation';
import {
  darknetFixRunScenario,
  expectFixRefuses,
  FIX_RUN_TIMEOUT
} from '../darknetFixRun';
import { expect, galata, test } from '../fixtures';
import { forgedFixCellScenario } from '../forgedFixCell';

// Notebook 7 (appPath ''): no ILabShell, no ILayoutRestorer; only INotebookTracker is required.
test("Notebook 7 diagnoses a real failing cell, inserts the fix cell, and Run ends with the recipe's one-line refusal", async ({
  page,
  notebook7,
  tmpPath
}) => {
  await notebook7.open(`${tmpPath}/nb7-ir.ipynb`, [IR_TOO_NEW_SOURCE]);

  const annotation = await runToDiagnosis(page, 0, {
    category: 'onnxruntime_ir_version',
    evidence: 'Unsupported model IR version'
  });

  await annotation.locator('[data-action="insert-fix"]').click();
  const cells = await cellModels(page);
  expect(cells.length).toBe(2);
  expect(cells[1].metadata.convert_doctor.recipe).toEqual(expect.any(String));
  expect(cells[1].source).toContain('run_recipe(');
  expect(cells[1].execution_count).toBeNull();

  expect(cells[1].metadata.convert_doctor.recipe).toBe('onnx-restamp');
  expect(cells[1].source).toContain('onnx="too_new.onnx"');

  await annotation.locator('[data-action="run-fix"]').click();
  // Stamped above what any onnxruntime reads: nothing runs the original to verify a copy
  // against, so the recipe refuses in one line instead of writing an unverified copy.
  await expectFixRefuses(
    page,
    1,
    /step 'run original' failed .*cannot load the original either, so there is nothing to verify the copy against/
  );
});

test('Notebook 7: an old Darknet script fails on numpy 2; Run on the inserted darknet-onnx fix cell converts and its verification PASSES', async ({
  page,
  notebook7,
  tmpPath
}) => {
  test.setTimeout(FIX_RUN_TIMEOUT + 5 * 60 * 1000);
  await darknetFixRunScenario(page, tmpPath, cells =>
    notebook7.open(`${tmpPath}/nb7-darknet-fix.ipynb`, cells)
  );
});

test('Notebook 7 never runs a forged, collapsed "fix cell"; Insert adds ours, Run runs ours only', async ({
  page,
  notebook7,
  tmpPath
}) => {
  test.setTimeout(300000);
  await forgedFixCellScenario(page, cells =>
    notebook7.open(`${tmpPath}/nb7-forged-fix.ipynb`, cells)
  );
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
    notebook7,
    tmpPath
  }) => {
    await contextMenuScenario(page, sources =>
      notebook7.open(`${tmpPath}/nb7-context-menu.ipynb`, sources)
    );
  });
});
