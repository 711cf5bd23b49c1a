/**
 * JupyterLab (or Notebook 7) with both: the kernel extension (`%load_ext
 * jupyterlab_convert_doctor`) displays its diagnosis bundle under a failing cell, and the
 * labextension shows it as its annotation, once. Shared by the JupyterLab and Notebook 7 specs.
 */
import { expect } from '@jupyterlab/galata';
import type { Locator, Page } from '@playwright/test';

import { cellModels, type CellSpec, DIAGNOSIS, runCellAt } from './annotation';

export const LOAD_EXT_SOURCE = '%load_ext jupyterlab_convert_doctor';

/** Real failing code: an old Darknet script's np.float, on the kernel's numpy 2. */
export const NP_FLOAT_SOURCE = [
  '# Darknet -> ONNX, from an old tutorial (numpy < 1.24)',
  'import numpy as np',
  'scale = np.float(1)'
].join('\n');

const CELLS = '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell';
const KERNEL_DIAGNOSIS = '.jp-ConvertDoctor-kernelDiagnosis';

export function cellAt(page: Page, index: number): Locator {
  return page.locator(CELLS).nth(index);
}

/**
 * Counts the annotation nodes under cell `index` from now on, at every DOM change: the most
 * seen at once (a second annotation that showed even for a moment counts).
 */
async function watchAnnotations(page: Page, index: number): Promise<void> {
  await page.evaluate(
    ([selector, cellIndex, annotation]) => {
      const cell = document.querySelectorAll(selector)[cellIndex as number];
      const w = window as any;
      w.__convertDoctorMaxAnnotations = 0;
      const count = () => {
        w.__convertDoctorMaxAnnotations = Math.max(
          w.__convertDoctorMaxAnnotations,
          cell.querySelectorAll(annotation as string).length
        );
      };
      w.__convertDoctorObserver?.disconnect();
      w.__convertDoctorObserver = new MutationObserver(count);
      w.__convertDoctorObserver.observe(cell, {
        childList: true,
        subtree: true
      });
      count();
    },
    [CELLS, index, DIAGNOSIS] as const
  );
}

async function mostAnnotationsSeen(page: Page): Promise<number> {
  return page.evaluate(() => (window as any).__convertDoctorMaxAnnotations);
}

/** Exactly one annotation under the cell, the kernel's, and none of its raw JSON or HTML. */
export async function expectOneKernelAnnotation(
  page: Page,
  index: number
): Promise<Locator> {
  const cell = cellAt(page, index);
  const annotation = cell.locator(`${KERNEL_DIAGNOSIS} ${DIAGNOSIS}`);
  await expect(annotation).toHaveAttribute(
    'data-category',
    'numpy_api_removed'
  );
  await expect(annotation).toHaveAttribute('data-source', 'kernel');
  // The notebook annotator works in the next task after an output change: let it have its say.
  await page.waitForTimeout(1500);
  await expect(cell.locator(DIAGNOSIS)).toHaveCount(1);
  await expect(
    annotation.locator('.jp-ConvertDoctor-diagnosisEvidence')
  ).toContainText('`np.float` was a deprecated alias');
  // Neither the raw JSON nor the kernel's HTML fallback is shown.
  const text = (await cell.locator('.jp-OutputArea').innerText()) ?? '';
  expect(text).not.toContain('"category"');
  expect(text).not.toContain('numpy_api_removed');
  // The kernel extension's hook did not fail (it would say so in one stderr line).
  expect(text).not.toContain('Convert Doctor: internal error');
  await expect(cell.locator('.jp-RenderedJSON')).toHaveCount(0);
  await expect(cell.locator('.convert-doctor-diagnosis')).toHaveCount(0);
  return annotation;
}

/**
 * Loads the kernel extension, fails a cell for real: one annotation (the kernel's), never two
 * at once; Insert fix cell inserts our pinned fix below, Run shows for it and hides once the
 * user edits it (only unedited cells this tab inserted run).
 */
export async function kernelExtensionScenario(
  page: Page,
  open: (cells: CellSpec[]) => Promise<unknown>
): Promise<void> {
  await open([LOAD_EXT_SOURCE, NP_FLOAT_SOURCE]);
  await runCellAt(page, 0);
  await expect(cellAt(page, 0).locator('.jp-OutputArea-output')).toHaveCount(0);

  await watchAnnotations(page, 1);
  await runCellAt(page, 1);
  const annotation = await expectOneKernelAnnotation(page, 1);
  expect(await mostAnnotationsSeen(page)).toBe(1);
  await expect(page.locator(DIAGNOSIS)).toHaveCount(1);
  await expect(cellAt(page, 0).locator(DIAGNOSIS)).toHaveCount(0);

  await annotation.locator('[data-action="insert-fix"]').click();
  const cells = await cellModels(page);
  expect(cells.length).toBe(3);
  expect(cells[1].source).toBe(NP_FLOAT_SOURCE);
  expect(cells[2].metadata.tags).toContain('convert-doctor-fix');
  expect(cells[2].metadata.convert_doctor.recipe).toBe('darknet-onnx');
  expect(cells[2].source).toContain('run_recipe(');
  expect(cells[2].execution_count).toBeNull();
  const run = annotation.locator('[data-action="run-fix"]');
  await expect(run).toBeVisible();

  // An edited fix cell is no longer ours to run.
  await page.evaluate(() => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    const fix = panel.content.model.cells.get(2);
    fix.sharedModel.setSource(fix.sharedModel.getSource() + '\nprint(1)');
  });
  await expect(run).toBeHidden();
}
