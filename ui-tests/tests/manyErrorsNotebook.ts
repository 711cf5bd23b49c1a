/**
 * A large notebook full of real saved errors: the error outputs come from cells that really
 * failed in the test's kernel, copied into every fifth cell of a 1000-cell notebook.
 */
import { expect } from '@jupyterlab/galata';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';

import {
  IR_TOO_NEW_SOURCE,
  MISSING_ONNX_TF_SOURCE,
  notebookJson,
  openNotebook,
  runCellAt
} from './annotation';

/** The failing sources, in the order their outputs alternate in the large notebook. */
export const FAILING_SOURCES = [MISSING_ONNX_TF_SOURCE, IR_TOO_NEW_SOURCE];

/** Their categories, in the same order. */
export const FAILING_CATEGORIES = [
  'missing_dependency',
  'onnxruntime_ir_version'
];

/** Runs the failing sources for real and returns each cell's outputs (one error each). */
export async function realErrorOutputs(
  page: IJupyterLabPageFixture,
  tmpPath: string
): Promise<unknown[][]> {
  await openNotebook(page, `${tmpPath}/real-errors.ipynb`, FAILING_SOURCES);
  for (let index = 0; index < FAILING_SOURCES.length; index++) {
    await runCellAt(page, index);
  }
  const outputs = await page.evaluate(() => {
    const cells = (window as any).jupyterapp.shell.currentWidget.content.model
      .cells;
    return [0, 1].map(i => cells.get(i).outputs.toJSON());
  });
  for (const cellOutputs of outputs) {
    expect(
      cellOutputs.filter((o: any) => o.output_type === 'error')
    ).toHaveLength(1);
  }
  await page.notebook.close(true);
  return outputs;
}

/** `cells` code cells; every `every`-th holds one of the saved error outputs, alternating. */
export function manyErrorsNotebookJson(
  outputs: unknown[][],
  cells = 1000,
  every = 5
): string {
  const notebook = JSON.parse(
    notebookJson(
      Array.from({ length: cells }, (_, i) =>
        i % every === 0
          ? FAILING_SOURCES[(i / every) % FAILING_SOURCES.length]
          : `x_${i} = ${i}`
      )
    )
  );
  notebook.cells.forEach((cell: any, i: number) => {
    if (i % every === 0) {
      cell.execution_count = 1;
      cell.outputs = outputs[(i / every) % outputs.length];
    }
  });
  return JSON.stringify(notebook);
}
