import { expect, galata, test } from '@jupyterlab/galata';

import { notebookJson } from '../annotation';
import { packageRow, PANEL, panelStatus, runCommand } from '../inspector';
import { venvFacts } from '../venvVersions';

// Watched packages the project venv really has (pyproject's test extras).
const WATCHED = ['numpy', 'onnx', 'onnxruntime', 'protobuf'];

test.describe('kernel environment inspector (JupyterLab)', () => {
  // Galata's kernels mock answers POST /api/kernels/<id>/restart with 201, which JupyterLab
  // rejects ("Invalid response: 201 Created"): talk to the real kernels API instead.
  test.use({ kernels: null });

  test('is a right-side panel with palette commands', async ({ page }) => {
    await runCommand(page, 'convert-doctor:open-inspector');
    await expect(page.locator(PANEL)).toBeVisible();
    await expect(panelStatus(page)).toHaveText(
      'Open a notebook to inspect its kernel.'
    );
    expect(
      await page.evaluate(() => (window as any).jupyterapp.shell.currentWidget)
    ).toBeDefined();
    const inRight = await page.evaluate(
      id =>
        Array.from((window as any).jupyterapp.shell.widgets('right')).some(
          (w: any) => w.id === id
        ),
      'jp-convert-doctor-inspector'
    );
    expect(inRight).toBe(true);

    await page.keyboard.press('Control+Shift+C');
    await page
      .locator('#modal-command-palette input')
      .fill('Kernel Environment Inspector');
    await expect(
      page.locator(
        '#modal-command-palette li[data-command="convert-doctor:refresh-inspector"]'
      )
    ).toHaveCount(1);
    await page.keyboard.press('Escape');
  });

  test('shows the kernel’s real versions, re-reads after an install cell and a restart', async ({
    page
  }) => {
    const truth = venvFacts(WATCHED);
    await page.notebook.createNew('versions.ipynb', { kernel: 'python3' });
    await runCommand(page, 'convert-doctor:open-inspector');

    // The panel reads on show: installed versions are the venv's, nothing imported yet.
    for (const dist of WATCHED) {
      const row = packageRow(page, dist);
      await expect(row).toHaveAttribute(
        'data-installed',
        truth.versions[dist] ?? ''
      );
    }
    await expect(packageRow(page, 'numpy')).toHaveAttribute('data-loaded', '');
    await expect(
      page.locator(`${PANEL} [data-fact="python-version"]`)
    ).toHaveText(truth.python);
    // A watched package the venv does not have is listed as not installed.
    await expect(packageRow(page, 'tensorflow')).toHaveAttribute(
      'data-installed',
      ''
    );

    // An ordinary cell does not trigger a reading (never per cell)...
    await page.notebook.setCell(0, 'code', 'import numpy');
    await page.notebook.runCell(0, true);
    await page.waitForTimeout(1500);
    await expect(packageRow(page, 'numpy')).toHaveAttribute('data-loaded', '');

    // ...but a cell that ran pip install does (pip finds it already satisfied: no network).
    await page.notebook.addCell('code', '%pip install --no-index bash_kernel');
    await page.notebook.runCell(1, true);
    await expect(packageRow(page, 'numpy')).toHaveAttribute(
      'data-loaded',
      truth.versions.numpy!
    );

    // A restart empties the kernel: the panel re-reads by itself and numpy is no longer loaded.
    await page
      .getByRole('button', { name: 'Restart the kernel', exact: true })
      .click();
    await page.locator('.jp-Dialog .jp-mod-accept').click();
    await expect(packageRow(page, 'numpy')).toHaveAttribute('data-loaded', '');
    await expect(packageRow(page, 'numpy')).toHaveAttribute(
      'data-installed',
      truth.versions.numpy!
    );

    // Explicit refresh after importing again.
    await page.notebook.setCell(0, 'code', 'import numpy, onnx');
    await page.notebook.runCell(0, true);
    await runCommand(page, 'convert-doctor:refresh-inspector');
    await expect(packageRow(page, 'onnx')).toHaveAttribute(
      'data-loaded',
      truth.versions.onnx!
    );
  });

  test('copies the report as Markdown and JSON', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const truth = venvFacts(['numpy']);
    await page.notebook.createNew('copy.ipynb', { kernel: 'python3' });
    await runCommand(page, 'convert-doctor:open-inspector');
    await expect(packageRow(page, 'numpy')).toHaveAttribute(
      'data-installed',
      truth.versions.numpy!
    );
    await runCommand(page, 'convert-doctor:copy-report-json');
    const json = JSON.parse(
      await page.evaluate(() => navigator.clipboard.readText())
    );
    expect(json.packages.numpy.installed).toBe(truth.versions.numpy);
    expect(json.python.version).toBe(truth.python);
    await runCommand(page, 'convert-doctor:copy-report-markdown');
    const md = await page.evaluate(() => navigator.clipboard.readText());
    expect(md).toContain(`| numpy | \`${truth.versions.numpy}\` |`);
  });

  test('tells a non-Python kernel "Python kernels only"', async ({ page }) => {
    await page.notebook.createNew('shell.ipynb', { kernel: 'bash' });
    await runCommand(page, 'convert-doctor:open-inspector');
    await expect(panelStatus(page)).toHaveText(
      'Python kernels only: this notebook runs a bash kernel.'
    );
    await expect(panelStatus(page)).toHaveClass(/jp-mod-info/);
    await expect(page.locator(`${PANEL} [data-package]`)).toHaveCount(0);
  });

  test('follows a kernel change and the active notebook', async ({
    page,
    tmpPath
  }) => {
    const truth = venvFacts(['numpy']);
    await page.notebook.createNew('switch.ipynb', { kernel: 'python3' });
    await runCommand(page, 'convert-doctor:open-inspector');
    await expect(packageRow(page, 'numpy')).toHaveAttribute(
      'data-installed',
      truth.versions.numpy!
    );
    await page.evaluate(async () => {
      const panel = (window as any).jupyterapp.shell.currentWidget;
      await panel.sessionContext.changeKernel({ name: 'bash' });
    });
    await expect(panelStatus(page)).toHaveText(
      'Python kernels only: this notebook runs a bash kernel.'
    );
    await expect(page.locator(`${PANEL} [data-package]`)).toHaveCount(0);

    // Another notebook tab becomes active: the panel follows it.
    const other = `${tmpPath}/other.ipynb`;
    await page.contents.uploadContent(notebookJson([]), 'text', other);
    await page.notebook.openByPath(other);
    await expect(packageRow(page, 'numpy')).toHaveAttribute(
      'data-installed',
      truth.versions.numpy!
    );
    await page.activity.activateTab('switch.ipynb');
    await expect(panelStatus(page)).toHaveText(
      'Python kernels only: this notebook runs a bash kernel.'
    );
  });

  test('says the kernel is dead after it shuts down', async ({ page }) => {
    await page.notebook.createNew('dies.ipynb', { kernel: 'python3' });
    await runCommand(page, 'convert-doctor:open-inspector');
    await expect(packageRow(page, 'numpy')).toHaveCount(1);
    await page.evaluate(async () => {
      const panel = (window as any).jupyterapp.shell.currentWidget;
      await panel.sessionContext.session.kernel.shutdown();
    });
    await expect(panelStatus(page)).toHaveText(
      'The kernel is dead — restart it.'
    );
  });
});

test.describe('settings', () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      'jupyterlab-convert-doctor:inspector': {
        autoRefresh: false,
        extraPackages: ['bash_kernel']
      }
    }
  });

  test('auto-refresh off reads only on Refresh; extra packages are watched', async ({
    page
  }) => {
    const truth = venvFacts(['bash_kernel']);
    await page.notebook.createNew('manual.ipynb', { kernel: 'python3' });
    await runCommand(page, 'convert-doctor:open-inspector');
    await expect(panelStatus(page)).toContainText('press Refresh');
    await runCommand(page, 'convert-doctor:refresh-inspector');
    await expect(packageRow(page, 'bash_kernel')).toHaveAttribute(
      'data-installed',
      truth.versions.bash_kernel!
    );
  });
});

test.describe('broken settings', () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      'jupyterlab-convert-doctor:inspector': {
        probeTimeoutMs: 'not a number',
        extraPackages: 42,
        unknownKey: true
      }
    }
  });

  test('the inspector still works with the defaults', async ({ page }) => {
    const truth = venvFacts(['numpy']);
    await page.notebook.createNew('broken.ipynb', { kernel: 'python3' });
    await runCommand(page, 'convert-doctor:open-inspector');
    await expect(packageRow(page, 'numpy')).toHaveAttribute(
      'data-installed',
      truth.versions.numpy!
    );
  });
});

test('the settings are listed in the Settings Editor', async ({ page }) => {
  await runCommand(page, 'settingeditor:open', { query: 'Convert Doctor' });
  await expect(
    page.getByRole('heading', { name: 'Convert Doctor: inspector' })
  ).toBeVisible();
  await expect(
    page.locator('.jp-SettingsPanel').getByText('Probe timeout (ms)')
  ).toBeVisible();
  await expect(
    page.locator('.jp-SettingsPanel').getByText('Extra packages to watch')
  ).toBeVisible();
  await expect(
    page.locator('.jp-SettingsPanel').getByText('Auto-refresh').first()
  ).toBeVisible();
});
