/**
 * The shared set-up of the Notebook 7 specs, as a Playwright `test.extend` (as jupyter/notebook's
 * ui-tests/test/fixtures.ts): Notebook 7's readiness check, and a `notebook7` fixture that
 * uploads a notebook, opens it in Notebook 7 and waits for its cells and kernel.
 */
import {
  expect,
  galata,
  type IJupyterLabPageFixture,
  test as base
} from '@jupyterlab/galata';

import { type CellSpec, notebookJson } from './annotation';
import { waitForKernelIdle } from './kernelReady';

export interface INotebook7OpenOptions {
  /** Wait for the kernel to be idle (true, the default) or for this kernel name; false: no wait. */
  kernel?: boolean | string;
  timeout?: number;
}

export interface INotebook7 {
  /**
   * Opens `file` in Notebook 7, first uploading `content` there when given (code cells, or a
   * notebook's JSON text), and waits for its cells and kernel.
   */
  open(
    file: string,
    content?: CellSpec[] | string,
    options?: INotebook7OpenOptions
  ): Promise<void>;
}

async function openInNotebook7(
  page: IJupyterLabPageFixture,
  baseURL: string,
  file: string,
  content: CellSpec[] | string | undefined,
  { kernel = true, timeout }: INotebook7OpenOptions = {}
): Promise<void> {
  if (content !== undefined) {
    const text = typeof content === 'string' ? content : notebookJson(content);
    expect(await page.contents.uploadContent(text, 'text', file)).toBe(true);
  }
  await page.goto(`${baseURL}/notebooks/${file}`);
  await page.waitForSelector('#main-panel');
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  if (kernel !== false) {
    await waitForKernelIdle(page, kernel === true ? null : kernel, {
      timeout
    });
  }
}

export const test = base.extend<{ notebook7: INotebook7 }>({
  // Notebook 7 has no Launcher, galata's default readiness check.
  waitForApplication: async ({ baseURL }, use) => {
    await use(async page => {
      await page.waitForSelector('#main-panel');
    });
  },
  notebook7: async ({ page, baseURL }, use) => {
    await use({
      open: (file, content, options) =>
        openInNotebook7(page, baseURL!, file, content, options)
    });
  }
});

export { expect, galata };
