/**
 * Notebook 7 with both the labextension and the kernel extension (issue 9 item 5): the
 * kernel's diagnosis bundle is shown as this extension's annotation, once per error.
 */
import { expect, test } from '@jupyterlab/galata';

import { notebookJson } from '../annotation';
import { kernelExtensionScenario } from '../kernelExtension';

// Notebook 7 has no Launcher, galata's default readiness check (as jupyter/notebook's ui-tests).
test.use({
  waitForApplication: async ({ baseURL }, use) => {
    await use(async page => {
      await page.waitForSelector('#main-panel');
    });
  }
});

test('Notebook 7: %load_ext jupyterlab_convert_doctor and a real np.float failure show one annotation, the kernel’s', async ({
  page,
  baseURL,
  tmpPath
}) => {
  test.setTimeout(120000);
  const file = `${tmpPath}/nb7-kernel-extension.ipynb`;
  await kernelExtensionScenario(page, async cells => {
    expect(
      await page.contents.uploadContent(notebookJson(cells), 'text', file)
    ).toBe(true);
    await page.goto(`${baseURL}/notebooks/${file}`);
    await page.waitForSelector('.jp-Notebook .jp-Cell');
    await page.waitForFunction(
      () =>
        (window as any).jupyterapp?.shell?.currentWidget?.sessionContext
          ?.session?.kernel?.status === 'idle'
    );
  });
});
