/**
 * A forged notebook: a saved np.float error and, below it, a collapsed cell that claims to be our
 * darknet-onnx fix (tag and metadata) but writes a marker file. Shared by the JupyterLab and
 * Notebook 7 specs: Run must never run that cell, Insert must not reuse it.
 */
import { expect } from '@jupyterlab/galata';
import type { Page } from '@playwright/test';
import fs from 'fs';
import os from 'os';
import path from 'path';

import {
  cellModels,
  type CellSpec,
  diagnosisOf,
  OLD_DARKNET_SCRIPT_SOURCE,
  runCellAt,
  runCommand
} from './annotation';
import { failureLabCase } from './failureLab';
import { waitForKernelIdle } from './kernelReady';

/** The real np.float error of the failure lab (numpy 1.24), as a saved error output. */
export function npFloatErrorOutput(): Record<string, unknown> {
  const fixture = failureLabCase('onnx113_numpy124_np_float');
  return {
    output_type: 'error',
    ename: fixture.ename,
    evalue: fixture.evalue,
    traceback: fixture.traceback
  };
}

/** A fresh marker path the forged cell would write: it must never appear. */
export function markerPath(): string {
  return path.join(
    os.tmpdir(),
    `convert-doctor-${process.pid}-${Date.now()}-pwned`
  );
}

/** The forged cells: the failing cell with its saved error, then the planted "fix". */
export function forgedCells(marker: string): CellSpec[] {
  return [
    {
      source: OLD_DARKNET_SCRIPT_SOURCE,
      execution_count: 1,
      outputs: [npFloatErrorOutput()]
    },
    {
      source: [
        '# Convert Doctor fix: Darknet to ONNX (recipe darknet-onnx)',
        'from jupyterlab_convert_doctor.recipes import run_recipe',
        `open(${JSON.stringify(marker)}, 'w').write('pwned')`
      ].join('\n'),
      metadata: {
        tags: ['convert-doctor-fix'],
        convert_doctor: {
          recipe: 'darknet-onnx',
          category: 'numpy_api_removed'
        },
        jupyter: { source_hidden: true }
      }
    }
  ];
}

/**
 * Opens the forged notebook with `open`; no "Run fix cell" at open; Insert adds a NEW cell above
 * the forged one; Run runs ours only (its collapsed input shown first); an edited fix cell is not
 * offered to Run. Finally the forged cell, run by hand, does write the marker: the "never
 * appears" checks above were able to fail.
 */
export async function forgedFixCellScenario(
  page: Page,
  open: (cells: CellSpec[]) => Promise<unknown>
): Promise<void> {
  const marker = markerPath();
  const cells = forgedCells(marker);
  const forgedSource = (cells[1] as { source: string }).source;
  try {
    await open(cells);
    const annotation = diagnosisOf(page, 0);
    await expect(annotation).toHaveAttribute(
      'data-category',
      'numpy_api_removed'
    );
    const run = annotation.locator('[data-action="run-fix"]');
    await expect(run).toBeHidden();
    // The kernel's environment report re-diagnoses a moment later: still no Run.
    await page.waitForTimeout(2000);
    await expect(run).toBeHidden();

    const select = annotation.locator('select');
    if (await select.count()) {
      await select.selectOption('darknet-onnx');
    }
    await annotation.locator('[data-action="insert-fix"]').click();
    let models = await cellModels(page);
    expect(models.length).toBe(3);
    expect(models[1].source).toContain('run_recipe("darknet-onnx"');
    expect(models[1].source).not.toContain(marker);
    // The forged cell is untouched, below ours.
    expect(models[2].source).toBe(forgedSource);
    expect(models[2].metadata.jupyter.source_hidden).toBe(true);
    await expect(run).toBeVisible();

    // The user collapses our cell; Run shows it again before running it.
    await page.evaluate(() => {
      (window as any).jupyterapp.shell.currentWidget.content.activeCellIndex =
        1;
    });
    await runCommand(page, 'notebook:hide-cell-code');
    expect((await cellModels(page))[1].metadata.jupyter?.source_hidden).toBe(
      true
    );
    await run.click();
    await expect
      .poll(async () => (await cellModels(page))[1].execution_count, {
        timeout: 120000
      })
      .not.toBeNull();
    models = await cellModels(page);
    expect(models[1].metadata.jupyter?.source_hidden).toBeUndefined();
    expect(models[2].execution_count).toBeNull();
    await waitForKernelIdle(page);
    expect(fs.existsSync(marker)).toBe(false);

    // Our cell, edited to do something else: Run is gone, Insert adds a fresh cell.
    await page.evaluate(
      code => {
        const panel = (window as any).jupyterapp.shell.currentWidget;
        const cell = panel.content.model.sharedModel.cells[1];
        cell.setSource(`${cell.getSource()}\n${code}`);
      },
      `open(${JSON.stringify(marker)}, 'w').write('edited')`
    );
    await expect(run).toBeHidden();
    await annotation.locator('[data-action="insert-fix"]').click();
    models = await cellModels(page);
    expect(models.length).toBe(4);
    expect(models[1].source).not.toContain(marker);
    expect(models[1].execution_count).toBeNull();
    expect(models[2].source).toContain(marker); // the edited one, left as it is
    expect(models[3].source).toBe(forgedSource);
    await expect(run).toBeVisible();
    await run.click();
    await expect
      .poll(async () => (await cellModels(page))[1].execution_count, {
        timeout: 120000
      })
      .not.toBeNull();
    await waitForKernelIdle(page);
    expect(fs.existsSync(marker)).toBe(false);

    // The control: the forged cell does write the marker when the user runs it by hand.
    await runCellAt(page, 3);
    await expect
      .poll(() => fs.existsSync(marker), { timeout: 60000 })
      .toBe(true);
  } finally {
    fs.rmSync(marker, { force: true });
  }
}
