import { expect, test } from '@jupyterlab/galata';

import {
  runSeedExample,
  uploadSeedExample,
  waitForSeedKernel
} from '../seedExample';

// Notebook 7 has no Launcher, galata's default readiness check (as jupyter/notebook's ui-tests).
test.use({
  waitForApplication: async ({ baseURL }, use) => {
    await use(async page => {
      await page.waitForSelector('#main-panel');
    });
  }
});

test('Notebook 7: the seed article example: real onnx-tf failure diagnosed, fix inserted, run and verified', async ({
  page,
  baseURL,
  tmpPath
}) => {
  test.setTimeout(15 * 60 * 1000);
  const file = await uploadSeedExample(page, tmpPath);
  await page.goto(`${baseURL}/notebooks/${file}`);
  await page.waitForSelector('#main-panel');
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await waitForSeedKernel(page);
  await runSeedExample(page, tmpPath);
});
