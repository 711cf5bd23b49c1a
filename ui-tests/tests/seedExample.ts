/**
 * The seed article's failing examples, for real: examples/yolov4-tiny-conversion.ipynb on the
 * convert-doctor-seed kernel (TF 2.19 / Keras 3, onnx-tf 1.10, tensorflow-addons 0.23; built by
 * scripts/setup-seed-kernel.sh). Shared by the JupyterLab and Notebook 7 specs.
 */
import { expect } from '@jupyterlab/galata';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import fs from 'fs';
import path from 'path';

import {
  cellModels,
  diagnosisOf,
  insertFixCell,
  runCellAt,
  useRecipeCache
} from './annotation';
import { failureLabCase } from './failureLab';
import { waitForKernelIdle } from './kernelReady';

const REPO = path.resolve(__dirname, '..', '..');
export const SEED_NOTEBOOK = 'yolov4-tiny-conversion.ipynb';
export const SEED_KERNEL = 'convert-doctor-seed';

// Code cells of the example, by their index among all cells (markdown included). Cell 2 loads
// the kernel extension (for Colab and plain kernels); this JupyterLab run leaves it to the
// labextension and does not run it (tests/jupyterlab/kernelExtension.spec.ts runs both).
const WEIGHTS_CELL = 3;
const ONNX_CELL = 5;
const ONNX_TF_CELL = 7;
const FIX_CELL = ONNX_TF_CELL + 1; // inserted directly below the failing cell
const TFLITE_CONVERTER_CELL = 10; // 9 before the fix cell is inserted

/** Uploads the example notebook and the real yolov4-tiny.cfg into `tmpPath`; the notebook's path. */
export async function uploadSeedExample(
  page: IJupyterLabPageFixture,
  tmpPath: string
): Promise<string> {
  const notebook = path.join(REPO, 'examples', SEED_NOTEBOOK);
  // The example's kernelspec is the seed kernel: opening it starts that kernel.
  expect(
    JSON.parse(fs.readFileSync(notebook, 'utf8')).metadata.kernelspec.name
  ).toBe(SEED_KERNEL);
  expect(
    await page.contents.uploadFile(notebook, `${tmpPath}/${SEED_NOTEBOOK}`)
  ).toBe(true);
  expect(
    await page.contents.uploadFile(
      path.resolve(
        REPO,
        'jupyterlab_convert_doctor',
        'darknet',
        'cfgs',
        'yolov4-tiny.cfg'
      ),
      `${tmpPath}/data/yolov4-tiny.cfg`
    )
  ).toBe(true);
  return `${tmpPath}/${SEED_NOTEBOOK}`;
}

/** Waits for the open notebook's kernel to be the seed kernel and idle. */
export async function waitForSeedKernel(
  page: IJupyterLabPageFixture
): Promise<void> {
  await waitForKernelIdle(page, SEED_KERNEL, { timeout: 120000 });
  // The recipe venvs scripts/setup-recipe-venvs.py pre-builds, set in the kernel without a cell.
  await useRecipeCache(page, path.join(REPO, '.cache', 'recipes'));
}

function outputsOf(
  page: IJupyterLabPageFixture,
  index: number
): Promise<string> {
  return page.evaluate(cellIndex => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    return JSON.stringify(
      panel.content.model.cells.get(cellIndex).outputs.toJSON()
    );
  }, index);
}

async function runAndWait(
  page: IJupyterLabPageFixture,
  index: number,
  timeout: number
) {
  await runCellAt(page, index);
  await expect
    .poll(async () => (await cellModels(page))[index].execution_count, {
      timeout
    })
    .not.toBeNull();
}

/**
 * Runs the example's cells in order on the open notebook and checks what the user sees: the
 * converter cells succeed, the onnx-tf cell fails for real with its diagnosis, the inserted
 * onnx-tflite fix cell runs and verifies (a .tflite checked against ONNX), and the
 * TFLiteConverter cell gets its real diagnosis (no SavedModel was written: onnx-tf failed).
 */
export async function runSeedExample(
  page: IJupyterLabPageFixture,
  tmpPath: string
): Promise<void> {
  for (const index of [WEIGHTS_CELL, ONNX_CELL]) {
    await runAndWait(page, index, 180000);
    expect(await outputsOf(page, index)).not.toContain('"output_type":"error"');
    await expect(diagnosisOf(page, index)).toHaveCount(0);
  }

  // onnx-tf on TF 2.19 / Keras 3: tensorflow-addons fails on import (the failure lab's case).
  await runAndWait(page, ONNX_TF_CELL, 180000);
  expect(await outputsOf(page, ONNX_TF_CELL)).toContain(
    "No module named 'keras.src.engine'"
  );
  const expected = failureLabCase(
    'onnx_tf_prepare_yolov4_tiny'
  ).expected_category;
  const annotation = diagnosisOf(page, ONNX_TF_CELL);
  await expect(annotation).toHaveAttribute('data-category', expected, {
    timeout: 60000
  });
  await expect(
    annotation.locator('.jp-ConvertDoctor-diagnosisEvidence')
  ).toContainText("No module named 'keras.src.engine'");

  const fix = await insertFixCell(page, annotation, 'onnx-tflite', FIX_CELL);
  expect(fix.execution_count).toBeNull();
  // The ONNX path comes from the failing cell; the output folder goes next to it.
  expect(fix.source).toContain(
    'run_recipe("onnx-tflite", onnx="yolov4-tiny.onnx", out="yolov4-tiny-onnx-tflite", savedmodel=False)'
  );

  await annotation.locator('[data-action="run-fix"]').click();
  await expect
    .poll(async () => (await cellModels(page))[FIX_CELL].execution_count, {
      timeout: 12 * 60 * 1000
    })
    .not.toBeNull();
  const fixOutput = await outputsOf(page, FIX_CELL);
  expect(fixOutput).not.toContain('"output_type":"error"');
  const fixText = (JSON.parse(fixOutput) as any[])
    .map(output =>
      [].concat(output.text ?? output.data?.['text/plain'] ?? []).join('')
    )
    .join('');
  // The seed kernel is Python 3.11, but the machine has pyenv's 3.12 and 3.13 (both verified
  // for it): the runner takes the TensorFlow-free onnx2tf 2.x lane (issue 15), its TFLite
  // checked against ONNX.
  expect(fixText).toMatch(
    /Verification summary \(onnx-tflite, lane py312plus-direct, Python 3\.1[23]\./
  );
  const verdict = fixText
    .split('\n')
    .find(line => /\(tolerance [^)]*\): /.test(line));
  console.log('fix cell verdict:', verdict);
  expect(verdict).toMatch(
    /: PASSED — TFLite \(ai-edge-litert\) vs ONNX \(onnxruntime\)/
  );
  expect(
    await page.contents.fileExists(
      `${tmpPath}/yolov4-tiny-onnx-tflite/yolov4-tiny_float32.tflite`
    )
  ).toBe(true);
  await expect(diagnosisOf(page, FIX_CELL)).toHaveCount(0);

  // The article's TFLiteConverter cell: no SavedModel was written (onnx-tf failed).
  expect((await cellModels(page))[TFLITE_CONVERTER_CELL].source).toContain(
    'TFLiteConverter.from_saved_model'
  );
  await runAndWait(page, TFLITE_CONVERTER_CELL, 180000);
  expect(await outputsOf(page, TFLITE_CONVERTER_CELL)).toContain(
    'SavedModel file does not exist at: yolov4-tiny-savedmodel'
  );
  const converter = diagnosisOf(page, TFLITE_CONVERTER_CELL);
  await expect(converter).toHaveAttribute('data-category', 'file_not_found', {
    timeout: 60000
  });
  await expect(
    converter.locator('.jp-ConvertDoctor-diagnosisEvidence')
  ).toHaveText(
    'OSError: SavedModel file does not exist at: yolov4-tiny-savedmodel/{saved_model.pbtxt|saved_model.pb}'
  );
  // The onnx-tf cell's diagnosis is still there after the fix ran.
  await expect(annotation).toHaveAttribute('data-category', expected);
}
