import { expect, test } from '@jupyterlab/galata';

import {
  runSeedExample,
  uploadSeedExample,
  waitForSeedKernel
} from '../seedExample';

test('the seed article example: real onnx-tf failure diagnosed, fix inserted, run and verified', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(15 * 60 * 1000);
  const file = await uploadSeedExample(page, tmpPath);
  expect(await page.notebook.openByPath(file)).toBe(true);
  await page.waitForSelector(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell'
  );
  await waitForSeedKernel(page);
  await runSeedExample(page, tmpPath);
});
