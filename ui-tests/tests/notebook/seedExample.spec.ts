import { test } from '../fixtures';
import {
  runSeedExample,
  uploadSeedExample,
  waitForSeedKernel
} from '../seedExample';

test('Notebook 7: the seed article example: real onnx-tf failure diagnosed, fix inserted, run and verified', async ({
  page,
  notebook7,
  tmpPath
}) => {
  test.setTimeout(15 * 60 * 1000);
  const file = await uploadSeedExample(page, tmpPath);
  await notebook7.open(file, undefined, { kernel: false });
  await waitForSeedKernel(page);
  await runSeedExample(page, tmpPath);
});
