/** Locators and actions on the inspector panel shared by the JupyterLab and Notebook 7 specs. */
import { expect } from '@jupyterlab/galata';
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

/**
 * Opens the inspector and checks it lists one failed cell of `category`, whose button names
 * it `Cell <cellNumber>` (1-based, as the user counts).
 */
export async function expectOneFailedCellListed(
  page: Page,
  category: string,
  cellNumber: number
): Promise<void> {
  await runCommand(page, 'convert-doctor:open-inspector');
  await expect(page.locator(PANEL)).toBeVisible();
  const listed = page.locator(
    `${PANEL} .jp-ConvertDoctor-failedCell[data-category="${category}"]`
  );
  await expect(listed).toHaveCount(1);
  await expect(listed.locator('button[data-action="go-to-cell"]')).toHaveText(
    `Cell ${cellNumber}`
  );
}
