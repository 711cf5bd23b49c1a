/** Waiting for the current notebook's kernel, shared by the JupyterLab and Notebook 7 specs. */
import type { Page } from '@playwright/test';

/**
 * Waits until the current notebook's kernel is idle (and is the kernel `name`, when given):
 * cells must not run before it is up.
 */
export async function waitForKernelIdle(
  page: Page,
  name: string | null = null,
  options: { timeout?: number } = {}
): Promise<void> {
  await page.waitForFunction(
    wanted => {
      const kernel = (window as any).jupyterapp?.shell?.currentWidget
        ?.sessionContext?.session?.kernel;
      return (
        kernel?.status === 'idle' &&
        (wanted === null || kernel?.name === wanted)
      );
    },
    name,
    options
  );
}
