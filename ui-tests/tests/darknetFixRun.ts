/**
 * "Run fix cell" checked to work, not only to start: an old Darknet script fails for real on
 * numpy 2 (np.float) next to a real yolov4-tiny cfg and deterministic random weights; the
 * inserted darknet-onnx fix cell takes its inputs from the failing cell, Run converts in the
 * recipe's pinned venv, and the cell prints the recipe's verification line (ONNX against the
 * numpy Darknet reference), which must say PASSED with a measured difference within the
 * tolerance. Shared by the JupyterLab and Notebook 7 specs.
 */
import { expect } from '@jupyterlab/galata';
import type { Page } from '@playwright/test';
import fs from 'fs';
import path from 'path';

import {
  cellModels,
  type CellSpec,
  diagnosisOf,
  insertFixCell,
  OLD_DARKNET_SCRIPT_SOURCE,
  runCellAt
} from './annotation';

const REPO = path.resolve(__dirname, '..', '..');

// The lane's venv is pre-built by scripts/setup-recipe-venvs.py; when its lock changed, the
// first Run builds it (minutes on a slow machine), so the wait is generous.
export const FIX_RUN_TIMEOUT = 10 * 60 * 1000;

/** The pinned recipe venvs that scripts/setup-recipe-venvs.py pre-builds. */
export const RECIPE_CACHE = path.join(REPO, '.cache', 'recipes');

/** A recipe's entry in the shipped catalogue. */
function shippedRecipe(id: string): { verification: { tolerance: number } } {
  const catalogue = JSON.parse(
    fs.readFileSync(
      path.join(REPO, 'jupyterlab_convert_doctor', 'knowledge', 'recipes.json'),
      'utf8'
    )
  );
  return catalogue.recipes.find((recipe: any) => recipe.id === id);
}

/** The verification tolerance a recipe states in the shipped catalogue. */
export function recipeTolerance(id: string): number {
  return shippedRecipe(id).verification.tolerance;
}

/** The first cell: the pre-built recipe venvs, the published cfg, deterministic random weights. */
export const DARKNET_SETUP_SOURCE = [
  'import os, shutil',
  '# the pinned recipe venvs that scripts/setup-recipe-venvs.py pre-builds',
  `os.environ['CONVERT_DOCTOR_CACHE'] = ${JSON.stringify(path.join(REPO, '.cache', 'recipes'))}`,
  `shutil.copy(${JSON.stringify(path.join(REPO, 'jupyterlab_convert_doctor', 'darknet', 'cfgs', 'yolov4-tiny.cfg'))}, '.')`,
  'from jupyterlab_convert_doctor.darknet.network import load_network',
  'from jupyterlab_convert_doctor.darknet.weights import write_random_weights',
  "write_random_weights('yolov4-tiny.weights', load_network('yolov4-tiny.cfg'))"
].join('\n');

/** The outputs of the cell at `index` of the current notebook, as nbformat JSON. */
export async function cellOutputs(
  page: Page,
  index: number
): Promise<Record<string, any>[]> {
  return page.evaluate(cellIndex => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    return panel.content.model.cells.get(cellIndex).outputs.toJSON();
  }, index);
}

/** The text a user reads in these outputs: streams, plain-text results, tracebacks' last lines. */
export function outputText(outputs: Record<string, any>[]): string {
  return outputs
    .map(output =>
      output.output_type === 'error'
        ? `${output.ename}: ${output.evalue}\n`
        : [].concat(output.text ?? output.data?.['text/plain'] ?? []).join('')
    )
    .join('');
}

/** The recipe's verification line, parsed (recipes/summary.py writes it), or null. */
export function verificationVerdict(text: string): {
  line: string;
  maxAbsDiff: number;
  tolerance: number;
  verdict: string;
} | null {
  const match = text.match(
    /^ *max abs diff (\S+) \(tolerance ([^)]*)\): (PASSED|FAILED)\b.*$/m
  );
  return match
    ? {
        line: match[0].trim(),
        maxAbsDiff: Number(match[1]),
        tolerance: Number(match[2]),
        verdict: match[3]
      }
    : null;
}

/**
 * Waits for the fix cell at `index` (its Run clicked) to print the recipe's verification line
 * and to end without an error; returns the line, parsed.
 */
export async function waitForFixVerdict(
  page: Page,
  index: number
): Promise<NonNullable<ReturnType<typeof verificationVerdict>>> {
  await expect
    .poll(
      async () =>
        verificationVerdict(outputText(await cellOutputs(page, index))) !==
          null || (await cellModels(page))[index].execution_count !== null,
      { timeout: FIX_RUN_TIMEOUT, intervals: [1000, 2000, 5000] }
    )
    .toBe(true);
  await expect
    .poll(async () => (await cellModels(page))[index].execution_count, {
      timeout: 60000
    })
    .not.toBeNull();
  const outputs = await cellOutputs(page, index);
  const text = outputText(outputs);
  const verdict = verificationVerdict(text);
  console.log(`fix cell ${index} verdict:`, verdict?.line);
  expect(verdict, text.slice(-4000)).not.toBeNull();
  expect(outputs.map(output => output.output_type)).not.toContain('error');
  return verdict!;
}

/**
 * Waits for the fix cell at `index` (its Run clicked) to end with the runner's one-line
 * StepFailed message, which must match `reason`; no verification line is printed.
 */
export async function expectFixRefuses(
  page: Page,
  index: number,
  reason: RegExp
): Promise<void> {
  await expect
    .poll(async () => (await cellModels(page))[index].execution_count, {
      timeout: FIX_RUN_TIMEOUT,
      intervals: [1000, 2000, 5000]
    })
    .not.toBeNull();
  const text = outputText(await cellOutputs(page, index));
  const failed = text.match(/^StepFailed: (.*)$/m);
  expect(failed, text.slice(-4000)).not.toBeNull();
  expect(failed![1]).toMatch(reason);
  expect(verificationVerdict(text)).toBeNull();
}

/**
 * Waits for the fix cell at `index`, run with required inputs left as None ("# Fill in"
 * lines), to end with the runner's clear message naming one of them (before any venv is used).
 */
export async function expectFixNamesMissingInputs(
  page: Page,
  index: number
): Promise<void> {
  await expect
    .poll(async () => (await cellModels(page))[index].execution_count, {
      timeout: 120000
    })
    .not.toBeNull();
  const fix = (await cellModels(page))[index];
  const missing = [...fix.source.matchAll(/^# Fill in (\w+)/gm)].map(m => m[1]);
  expect(missing.length).toBeGreaterThan(0);
  const text = outputText(await cellOutputs(page, index));
  const named = text.match(
    /BadParameters: recipe '([^']+)' needs parameter '(\w+)'/
  );
  expect(named, text.slice(-4000)).not.toBeNull();
  expect(named![1]).toBe(fix.metadata.convert_doctor.recipe);
  expect(missing).toContain(named![2]);
}

/**
 * Opens [setup, failing script] with `open` in the folder `dir`, runs both, inserts the
 * darknet-onnx fix cell and runs it with the annotation's Run button; checks what it printed.
 */
export async function darknetFixRunScenario(
  page: Page,
  dir: string,
  open: (cells: CellSpec[]) => Promise<unknown>
): Promise<void> {
  const contents = (page as any).contents;
  await open([DARKNET_SETUP_SOURCE, OLD_DARKNET_SCRIPT_SOURCE]);
  await runCellAt(page, 0);
  await expect
    .poll(async () => (await cellModels(page))[0].execution_count, {
      timeout: 120000
    })
    .not.toBeNull();
  expect((await cellOutputs(page, 0)).map(o => o.output_type)).not.toContain(
    'error'
  );
  expect(await contents.fileExists(`${dir}/yolov4-tiny.weights`)).toBe(true);
  await runCellAt(page, 1);

  const annotation = diagnosisOf(page, 1);
  await expect(annotation).toHaveAttribute(
    'data-category',
    'numpy_api_removed',
    { timeout: 60000 }
  );
  await expect(
    annotation.locator('.jp-ConvertDoctor-diagnosisEvidence')
  ).toContainText('np.float');
  const fix = await insertFixCell(page, annotation, 'darknet-onnx', 2);
  expect(fix.execution_count).toBeNull();
  // Every input comes from the failing cell (no "Fill in" left); the output from the weights.
  expect(fix.source).toContain(
    'run_recipe("darknet-onnx", cfg="yolov4-tiny.cfg", weights="yolov4-tiny.weights", onnx="yolov4-tiny.onnx")'
  );
  expect(fix.source).not.toContain('Fill in');

  await annotation.locator('[data-action="run-fix"]').click();
  // Done when the verification line is printed, or when the cell ends without it.
  await expect
    .poll(
      async () =>
        verificationVerdict(outputText(await cellOutputs(page, 2))) !== null ||
        (await cellModels(page))[2].execution_count !== null,
      { timeout: FIX_RUN_TIMEOUT, intervals: [1000, 2000, 5000] }
    )
    .toBe(true);
  await expect
    .poll(async () => (await cellModels(page))[2].execution_count, {
      timeout: 60000
    })
    .not.toBeNull();
  const outputs = await cellOutputs(page, 2);
  const text = outputText(outputs);
  const verdict = verificationVerdict(text);
  console.log('darknet-onnx fix cell verdict:', verdict?.line);
  expect(verdict, text.slice(-4000)).not.toBeNull();
  expect(verdict!.verdict).toBe('PASSED');
  expect(verdict!.tolerance).toBe(recipeTolerance('darknet-onnx'));
  expect(Number.isFinite(verdict!.maxAbsDiff)).toBe(true);
  expect(verdict!.maxAbsDiff).toBeGreaterThanOrEqual(0);
  expect(verdict!.maxAbsDiff).toBeLessThanOrEqual(verdict!.tolerance);
  expect(verdict!.line).toContain(
    'ONNX (onnxruntime) vs the independent numpy Darknet reference'
  );
  expect(outputs.map(output => output.output_type)).not.toContain('error');
  expect(text).toContain('Verification summary (darknet-onnx, lane ');
  expect(await contents.fileExists(`${dir}/yolov4-tiny.onnx`)).toBe(true);
  // The fix cell is not annotated; the failing cell keeps its diagnosis.
  await expect(diagnosisOf(page, 2)).toHaveCount(0);
  await expect(annotation).toHaveAttribute(
    'data-category',
    'numpy_api_removed'
  );
}
