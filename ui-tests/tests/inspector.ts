/** Locators and actions on the inspector panel shared by the JupyterLab and Notebook 7 specs. */
import type { Locator, Page } from '@playwright/test';

export const PANEL = '#jp-convert-doctor-inspector';

export function packageRow(page: Page, distribution: string): Locator {
  return page.locator(`${PANEL} [data-package="${distribution}"]`);
}

export function panelStatus(page: Page): Locator {
  return page.locator(`${PANEL} .jp-ConvertDoctor-status`);
}

/** Runs an app command through the real command registry (as the palette would). */
export async function runCommand(
  page: Page,
  id: string,
  args: { [key: string]: unknown } = {}
): Promise<void> {
  await page.evaluate(
    async ([command, commandArgs]) => {
      await (window as any).jupyterapp.commands.execute(command, commandArgs);
    },
    [id, args] as const
  );
}
