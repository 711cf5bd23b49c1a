/**
 * The knowledge data is not in the extension's JavaScript: it is fetched from the extension's
 * own static folder on the Jupyter server at start-up. When it cannot be read, the user is told
 * once, and the extension's panels stay off rather than diagnosing without data.
 */
import { expect, test } from '@jupyterlab/galata';

const STATIC = '/lab/extensions/jupyterlab-convert-doctor/static/';

test.describe('knowledge assets', () => {
  test.use({ autoGoto: false });

  test('are fetched as JSON from the extension on the Jupyter server', async ({
    page
  }) => {
    const fetched: string[] = [];
    page.on('response', response => {
      const url = new URL(response.url());
      if (url.pathname.includes(STATIC) && url.pathname.endsWith('.json')) {
        fetched.push(`${response.status()} ${url.host}`);
      }
    });
    await page.goto();
    // One rules, signatures, packages and recipes document, all from this server.
    await expect.poll(() => fetched.length).toBe(4);
    const host = new URL(page.url()).host;
    expect(fetched).toEqual(Array(4).fill(`200 ${host}`));
    expect(
      await page.evaluate(() =>
        (window as any).jupyterapp.commands.hasCommand(
          'convert-doctor:diagnose-cell'
        )
      )
    ).toBe(true);
  });

  test('unreadable: one clear notification, no half-working extension', async ({
    page
  }) => {
    await page.route(`**${STATIC}*.json`, route =>
      route.fulfill({ status: 500, body: 'server error' })
    );
    await page.goto();
    // Start-up notifications wait in the notification centre (status bar).
    const status = page.locator(
      '.jp-Notification-Status [title="1 notification"]'
    );
    await status.click({ timeout: 30000 });
    await expect(
      page.locator('.jp-Notification-List', {
        hasText:
          'Convert Doctor could not read its knowledge data: packages.json: HTTP 500'
      })
    ).toHaveCount(1);
    expect(
      await page.evaluate(() =>
        (window as any).jupyterapp.commands.hasCommand(
          'convert-doctor:diagnose-cell'
        )
      )
    ).toBe(false);
  });
});
