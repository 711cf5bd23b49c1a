/** Notebooks and locators shared by the annotation specs (JupyterLab and Notebook 7). */
import { expect, galata } from '@jupyterlab/galata';
import type { Locator, Page } from '@playwright/test';

import { waitForKernelIdle } from './kernelReady';

export const DIAGNOSIS = '.jp-ConvertDoctor-diagnosis';

/** Galata's settings with the notebook's windowing mode set ('full', 'contentVisibility'...). */
export function withWindowingMode(
  windowingMode: string
): Record<string, unknown> {
  return {
    ...galata.DEFAULT_SETTINGS,
    '@jupyterlab/notebook-extension:tracker': {
      ...galata.DEFAULT_SETTINGS['@jupyterlab/notebook-extension:tracker'],
      windowingMode
    }
  };
}

/**
 * Real failing code in the project venv's kernel: an ONNX model stamped one IR version above what
 * its onnx writes, so above what any onnxruntime reads (1.32 reads the IR 14 onnx 1.23 writes).
 * The onnx-restamp fix cell fits it (an .onnx loaded by onnxruntime) but must refuse to run:
 * no onnxruntime reads the original to verify a copy against.
 */
export const IR_TOO_NEW_SOURCE = [
  'import onnx, onnxruntime as ort',
  'from onnx import helper, TensorProto',
  "x = helper.make_tensor_value_info('x', TensorProto.FLOAT, [1])",
  "y = helper.make_tensor_value_info('y', TensorProto.FLOAT, [1])",
  "graph = helper.make_graph([helper.make_node('Identity', ['x'], ['y'])], 'g', [x], [y])",
  "model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)])",
  '# newer than this onnx (and the onnxruntime beside it) can read',
  'model.ir_version = onnx.IR_VERSION + 1',
  "onnx.save(model, 'too_new.onnx')",
  "ort.InferenceSession('too_new.onnx', providers=['CPUExecutionProvider'])"
].join('\n');

/**
 * The Colab-like kernel (Python 3.13, onnx 1.22, onnxruntime 1.20.1; scripts/setup-colab-kernel.sh,
 * registered by ui-tests/setup.sh): its onnx writes IR 13 by default, its onnxruntime reads IR <= 10.
 */
export const COLAB_KERNEL = {
  name: 'convert-doctor-colab',
  display_name: 'Python 3.13 (Colab-like, convert-doctor-colab)'
};

/**
 * Real failing code in the Colab-like kernel, as a new user writes it (issue 14): a model built
 * with onnx.helper, saved with the kernel's onnx at its default IR version, refused by the
 * kernel's onnxruntime. Nothing is stamped by hand.
 */
export const IR_TOO_NEW_IN_COLAB_SOURCE = [
  'import onnx, onnxruntime as ort',
  'from onnx import helper, TensorProto',
  "x = helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, 4])",
  "y = helper.make_tensor_value_info('y', TensorProto.FLOAT, [1, 4])",
  "w = helper.make_tensor('w', TensorProto.FLOAT, [1, 4], [0.5, -1.0, 2.0, 3.0])",
  "nodes = [helper.make_node('Mul', ['x', 'w'], ['m']), helper.make_node('Relu', ['m'], ['y'])]",
  "graph = helper.make_graph(nodes, 'g', [x], [y], [w])",
  "model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)])",
  "onnx.save(model, 'too_new.onnx')",
  "ort.InferenceSession('too_new.onnx', providers=['CPUExecutionProvider'])"
].join('\n');

/** Real failing code: an old Darknet script written for numpy < 1.24, run on numpy 2. */
export const OLD_DARKNET_SCRIPT_SOURCE = [
  '# Darknet -> ONNX, from an old tutorial (numpy < 1.24)',
  'import numpy as np',
  "cfg_path = 'yolov4-tiny.cfg'",
  "weights_path = 'yolov4-tiny.weights'",
  'header = np.fromfile(weights_path, dtype=np.int32, count=5)',
  'weights = np.fromfile(weights_path, dtype=np.float)[5:]'
].join('\n');

/** Real failing code: onnx-tf is not installed in the project venv. */
export const MISSING_ONNX_TF_SOURCE = 'import onnx_tf';

/** A real FileNotFoundError whose message (and so the evidence line) is HTML and script. */
export const XSS_SOURCE =
  'open(\'<img src=x onerror="window.__convertDoctorPwned=1"><script>window.__convertDoctorPwned=2</script>.cfg\')';

/** A code cell: its source alone (no outputs), or the fields a saved notebook gives it. */
export type CellSpec =
  | string
  | {
      /** The cell id (default `cell-<index>`). */
      id?: string;
      source: string;
      metadata?: Record<string, unknown>;
      outputs?: Record<string, unknown>[];
      execution_count?: number | null;
    };

/** The project venv's kernel, which the tests use unless they name another. */
export const PYTHON3_KERNEL = {
  name: 'python3',
  display_name: 'Python 3 (ipykernel)'
};

/** A notebook document with these code cells, on `kernel`. */
export function notebookJson(
  sources: CellSpec[],
  kernel: { name: string; display_name: string } = PYTHON3_KERNEL
): string {
  return JSON.stringify({
    cells: sources.map((spec, index) => ({
      cell_type: 'code',
      execution_count: null,
      id: `cell-${index}`,
      metadata: {},
      outputs: [],
      ...(typeof spec === 'string' ? { source: spec } : spec)
    })),
    metadata: {
      kernelspec: { ...kernel, language: 'python' }
    },
    nbformat: 4,
    nbformat_minor: 5
  });
}

/** Uploads a notebook of these code cells to `file`, opens it in JupyterLab, waits for its kernel. */
export async function openNotebook(
  page: Page,
  file: string,
  sources: CellSpec[],
  kernel: { name: string; display_name: string } = PYTHON3_KERNEL
): Promise<string> {
  const app = page as any;
  expect(
    await app.contents.uploadContent(
      notebookJson(sources, kernel),
      'text',
      file
    )
  ).toBe(true);
  expect(await app.notebook.openByPath(file)).toBe(true);
  await page.waitForSelector(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell'
  );
  await waitForKernelIdle(page, kernel.name, { timeout: 120000 });
  return file;
}

/**
 * Points the current notebook's kernel at the recipe venvs scripts/setup-recipe-venvs.py
 * pre-builds (CONVERT_DOCTOR_CACHE), without a cell.
 */
export async function useRecipeCache(page: Page, cache: string): Promise<void> {
  await page.evaluate(
    async code => {
      const kernel = (window as any).jupyterapp.shell.currentWidget
        .sessionContext.session.kernel;
      await kernel.requestExecute({ code, silent: true, store_history: false })
        .done;
    },
    `import os; os.environ['CONVERT_DOCTOR_CACHE'] = ${JSON.stringify(cache)}`
  );
}

/** The annotation under the cell at `index` of the current notebook. */
export function diagnosisOf(page: Page, index: number): Locator {
  return page
    .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')
    .nth(index)
    .locator(DIAGNOSIS);
}

/** What a cell's annotation shows: its category and a part of its evidence line. */
export interface IExpectedDiagnosis {
  category: string;
  evidence: string;
}

/** The diagnosis of MISSING_ONNX_TF_SOURCE's error. */
export const MISSING_ONNX_TF_DIAGNOSIS: IExpectedDiagnosis = {
  category: 'missing_dependency',
  evidence: "No module named 'onnx_tf'"
};

/**
 * Runs the cell at `index` of the current notebook, waits until its annotation shows
 * `expected`, and returns the annotation.
 */
export async function runToDiagnosis(
  page: Page,
  index: number,
  expected: IExpectedDiagnosis
): Promise<Locator> {
  await runCellAt(page, index);
  const annotation = diagnosisOf(page, index);
  await expect(annotation).toHaveAttribute('data-category', expected.category);
  await expect(
    annotation.locator('.jp-ConvertDoctor-diagnosisEvidence')
  ).toContainText(expected.evidence);
  return annotation;
}

/** The current notebook's cells as the model holds them (source, metadata, count). */
export async function cellModels(
  page: Page
): Promise<
  { source: string; metadata: any; execution_count: number | null }[]
> {
  return page.evaluate(() => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    const cells = panel.content.model.sharedModel.cells;
    return cells.map((cell: any) => ({
      source: cell.getSource(),
      metadata: cell.getMetadata(),
      execution_count: cell.execution_count ?? null
    }));
  });
}

/**
 * Picks `recipe` in the annotation (when it offers several), presses Insert fix cell and waits
 * until the cell at `index` is that recipe's fix cell; returns that cell as the model holds it.
 */
export async function insertFixCell(
  page: Page,
  annotation: Locator,
  recipe: string,
  index: number
): Promise<{ source: string; metadata: any; execution_count: number | null }> {
  const select = annotation.locator('select');
  if (await select.count()) {
    await select.selectOption(recipe);
  }
  await annotation.locator('[data-action="insert-fix"]').click();
  // The click returns before the notebook model has the new cell on a loaded machine.
  await expect
    .poll(
      async () =>
        (await cellModels(page))[index]?.metadata.convert_doctor?.recipe
    )
    .toBe(recipe);
  return (await cellModels(page))[index];
}

/** Runs an app command through the real command registry (as the palette would). */
export async function runCommand(
  page: Page,
  id: string,
  args: object = {}
): Promise<unknown> {
  return page.evaluate(
    async ([command, commandArgs]) =>
      (window as any).jupyterapp.commands.execute(command, commandArgs),
    [id, args] as const
  );
}

/** Runs the cell at `index` of the current notebook and waits for its reply. */
export async function runCellAt(page: Page, index: number): Promise<void> {
  await page.evaluate(async cellIndex => {
    const app = (window as any).jupyterapp;
    const panel = app.shell.currentWidget;
    panel.content.activeCellIndex = cellIndex;
    await app.commands.execute('notebook:run-cell');
  }, index);
}

/** Right-clicks the cell at `index` and clicks `command` in its context menu, as a user would. */
export async function runFromCellContextMenu(
  page: Page,
  index: number,
  command: string
): Promise<void> {
  // The prompt is part of the cell but not its editor or outputs, whose menus add their own items.
  await page
    .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')
    .nth(index)
    .locator('.jp-InputPrompt')
    .click({ button: 'right' });
  const item = page.locator(
    `.lm-Menu .lm-Menu-item[data-command="${command}"]`
  );
  await expect(item).toBeVisible();
  await expect(item).not.toHaveClass(/lm-mod-disabled/);
  await item.click();
  await expect(page.locator('.lm-Menu')).toHaveCount(0);
}

/**
 * The cell context menu, in JupyterLab and Notebook 7 alike (auto-annotation off): two cells
 * fail for real, nothing annotates them by itself; "Diagnose This Cell" on the right-clicked
 * cell, "Insert Fix for This Cell", then "Diagnose All Failed Cells".
 */
export async function contextMenuScenario(
  page: Page,
  open: (sources: string[]) => Promise<unknown>
): Promise<void> {
  await open([IR_TOO_NEW_SOURCE, 'print("fine")', MISSING_ONNX_TF_SOURCE]);
  await runCellAt(page, 0);
  await runCellAt(page, 2);
  await page.waitForTimeout(1000);
  await expect(page.locator(DIAGNOSIS)).toHaveCount(0);

  // The right-click makes the clicked cell the active one: the command acts on it alone.
  await page.evaluate(() => {
    (window as any).jupyterapp.shell.currentWidget.content.activeCellIndex = 1;
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
}
