import { expect, galata, test } from '@jupyterlab/galata';
import type { Locator, Page } from '@playwright/test';

import {
  cellModels,
  COLAB_KERNEL,
  contextMenuScenario,
  DIAGNOSIS,
  diagnosisOf,
  IR_TOO_NEW_IN_COLAB_SOURCE,
  IR_TOO_NEW_SOURCE,
  MISSING_ONNX_TF_DIAGNOSIS,
  MISSING_ONNX_TF_SOURCE,
  openNotebook,
  runCellAt,
  runCommand,
  runToDiagnosis,
  useRecipeCache,
  withWindowingMode,
  XSS_SOURCE
} from '../annotation';
import {
  cellOutputs,
  darknetFixRunScenario,
  FIX_RUN_TIMEOUT,
  outputText,
  recipeTolerance,
  RECIPE_CACHE,
  waitForFixVerdict
} from '../darknetFixRun';

test.describe('failing-cell diagnosis (JupyterLab)', () => {
  test('a real IR-too-new model gets its diagnosis; Insert puts the re-stamp cell below, undo removes it, Run re-stamps the model and its verification in the kernel PASSES', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(FIX_RUN_TIMEOUT + 5 * 60 * 1000);
    // The Colab-like kernel: its onnx writes IR 13, its onnxruntime 1.20.1 reads IR <= 10.
    await openNotebook(
      page,
      `${tmpPath}/ir.ipynb`,
      [IR_TOO_NEW_IN_COLAB_SOURCE],
      COLAB_KERNEL
    );
    await useRecipeCache(page, RECIPE_CACHE);
    const annotation = await runToDiagnosis(page, 0, {
      category: 'onnxruntime_ir_version',
      evidence: 'Unsupported model IR version: 13, max supported IR version: 10'
    });
    await expect(annotation).toHaveAttribute('role', 'region');
    await expect(
      annotation.locator('.jp-ConvertDoctor-diagnosisCauseKind')
    ).toHaveText('Cause: environment');
    // An environment cause links to the inspector panel.
    await annotation.locator('[data-action="open-inspector"]').click();
    await expect(page.locator('#jp-convert-doctor-inspector')).toBeVisible();
    // The annotation is UI only: nothing of it is in the notebook model.
    expect((await cellModels(page)).length).toBe(1);

    // The "why" opens from the keyboard.
    await annotation.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect(annotation.locator('details')).toHaveAttribute('open', '');
    await expect(
      annotation.locator('.jp-ConvertDoctor-diagnosisSources a').first()
    ).toHaveAttribute('rel', 'noopener noreferrer');

    const run = annotation.locator('[data-action="run-fix"]');
    await expect(run).toBeHidden();
    const recipe = await annotation.evaluate(
      node =>
        (node.querySelector('select') as HTMLSelectElement | null)?.value ??
        null
    );
    await annotation.locator('[data-action="insert-fix"]').click();
    let cells = await cellModels(page);
    expect(cells.length).toBe(2);
    expect(cells[0].source).toBe(IR_TOO_NEW_IN_COLAB_SOURCE); // never overwritten
    // Only the re-stamp fits an onnx.helper model onnxruntime refuses: no recipe menu.
    expect(recipe).toBeNull();
    expect(cells[1].metadata.convert_doctor.recipe).toBe('onnx-restamp');
    expect(cells[1].metadata.tags).toContain('convert-doctor-fix');
    // The model path comes from the failing cell: nothing to fill in.
    expect(cells[1].source).toContain(
      'run_recipe("onnx-restamp", onnx="too_new.onnx")'
    );
    expect(cells[1].source).not.toContain('Fill in');
    expect(cells[1].source).toMatch(/==\d/); // the pins are in the cell
    expect(cells[1].execution_count).toBeNull(); // inserted, not run
    await expect(run).toBeVisible();

    // Undo removes the inserted cell, and the annotation offers Insert again.
    await runCommand(page, 'notebook:undo-cell-action');
    expect((await cellModels(page)).length).toBe(1);
    await expect(run).toBeHidden();

    // Insert from the command (palette / context menu route), then Run on click only.
    await page.evaluate(() => {
      (window as any).jupyterapp.shell.currentWidget.content.activeCellIndex =
        0;
    });
    expect(await runCommand(page, 'convert-doctor:insert-fix')).toBe(true);
    await expect(run).toBeVisible();
    await page.waitForTimeout(500);
    expect((await cellModels(page))[1].execution_count).toBeNull();
    await run.click();
    // Re-stamped in the lane, then loaded and run in this kernel's own onnxruntime.
    const verdict = await waitForFixVerdict(page, 1);
    expect(verdict.verdict).toBe('PASSED');
    expect(verdict.tolerance).toBe(recipeTolerance('onnx-restamp'));
    expect(verdict.maxAbsDiff).toBeGreaterThanOrEqual(0);
    expect(verdict.maxAbsDiff).toBeLessThanOrEqual(verdict.tolerance);
    expect(verdict.line).toContain(
      "re-stamped copy in this kernel's onnxruntime 1.20.1 vs the original in the lane's onnxruntime 1.32.0"
    );
    const text = outputText(await cellOutputs(page, 1));
    expect(text).toContain('note: IR version 13 -> 10, ai.onnx opset 13 -> 13');
    expect(
      await (page as any).contents.fileExists(
        `${tmpPath}/too_new-ir10-opset13.onnx`
      )
    ).toBe(true);
    // Running the fix cell leaves the failing cell's diagnosis in place.
    await expect(annotation).toHaveAttribute(
      'data-category',
      'onnxruntime_ir_version'
    );
  });

  test('the seed scenario: an old Darknet script fails on numpy 2; Run on the inserted darknet-onnx fix cell converts and its verification PASSES', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(FIX_RUN_TIMEOUT + 5 * 60 * 1000);
    await darknetFixRunScenario(page, tmpPath, cells =>
      openNotebook(page, `${tmpPath}/seed.ipynb`, cells)
    );
  });

  test('a missing dependency: re-run clears, Dismiss is remembered, the commands bring it back', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/missing.ipynb`, [
      MISSING_ONNX_TF_SOURCE
    ]);
    const annotation = await runToDiagnosis(page, 0, MISSING_ONNX_TF_DIAGNOSIS);

    // A re-run that succeeds clears it.
    await page.evaluate(() => {
      const panel = (window as any).jupyterapp.shell.currentWidget;
      panel.content.model.sharedModel.cells[0].setSource('import onnx');
    });
    await runCellAt(page, 0);
    await expect(page.locator(DIAGNOSIS)).toHaveCount(0);

    // Fails again: annotated again; Dismiss (keyboard) hides it and the same error stays hidden.
    await page.evaluate(() => {
      const panel = (window as any).jupyterapp.shell.currentWidget;
      panel.content.model.sharedModel.cells[0].setSource('import onnx_tf');
    });
    await runCellAt(page, 0);
    await expect(annotation).toHaveCount(1);
    await annotation.locator('[data-action="dismiss"]').focus();
    await page.keyboard.press('Enter');
    await expect(page.locator(DIAGNOSIS)).toHaveCount(0);
    await runCellAt(page, 0);
    await page.waitForTimeout(1000);
    await expect(page.locator(DIAGNOSIS)).toHaveCount(0);

    // The explicit command shows it anyway; clearing outputs removes it.
    expect(await runCommand(page, 'convert-doctor:diagnose-cell')).toBe(true);
    await expect(annotation).toHaveAttribute(
      'data-category',
      'missing_dependency'
    );
    await runCommand(page, 'notebook:clear-cell-output');
    await expect(page.locator(DIAGNOSIS)).toHaveCount(0);

    // Palette and cell context menu carry the three commands.
    await page.keyboard.press('Control+Shift+C');
    await page.locator('#modal-command-palette input').fill('Convert Doctor');
    for (const id of ['diagnose-cell', 'diagnose-all', 'insert-fix']) {
      await expect(
        page.locator(
          `#modal-command-palette li[data-command="convert-doctor:${id}"]`
        )
      ).toHaveCount(1);
    }
    await page.keyboard.press('Escape');
    await page.locator('.jp-Cell').first().click({ button: 'right' });
    const menu = page.locator('.lm-Menu');
    for (const id of ['diagnose-cell', 'diagnose-all', 'insert-fix']) {
      await expect(
        menu.locator(`[data-command="convert-doctor:${id}"]`)
      ).toHaveCount(1);
    }
    await page.keyboard.press('Escape');
  });

  test('a reopened notebook with a saved error is annotated', async ({
    page,
    tmpPath
  }) => {
    const file = await openNotebook(page, `${tmpPath}/saved.ipynb`, [
      'print("fine")',
      IR_TOO_NEW_SOURCE
    ]);
    await runCellAt(page, 1);
    await expect(diagnosisOf(page, 1)).toHaveCount(1);
    await page.notebook.save();
    await page.notebook.close();

    // The saved file holds the real error output and nothing of ours.
    const saved = await page.evaluate(async path => {
      const app = (window as any).jupyterapp;
      const model = await app.serviceManager.contents.get(path, {
        content: true
      });
      return JSON.stringify(model.content);
    }, file);
    expect(saved).toContain('Unsupported model IR version');
    expect(saved).not.toContain('jp-ConvertDoctor');

    expect(await page.notebook.openByPath(file)).toBe(true);
    await expect(diagnosisOf(page, 1)).toHaveAttribute(
      'data-category',
      'onnxruntime_ir_version'
    );
    await expect(diagnosisOf(page, 0)).toHaveCount(0);
  });

  test('an HTML/script traceback stays inert text; a multi-MB ANSI traceback is bounded', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/hostile.ipynb`, [
      XSS_SOURCE,
      // ~1 MB of ANSI-coloured HTML in one real exception (IPython sends ~2.7 MB of traceback
      // and evalue) of HTML-looking text. The 10 MB traceback is annotationHugeTraceback.spec.ts.
      "raise FileNotFoundError(2, 'No such file or directory', ('\\x1b[31m<b>x</b>\\x1b[0m' * 60000) + '.weights')"
    ]);
    await runCellAt(page, 0);
    const xss = diagnosisOf(page, 0);
    await expect(xss).toHaveAttribute('data-category', 'file_not_found');
    await expect(
      xss.locator('.jp-ConvertDoctor-diagnosisEvidence')
    ).toContainText('<img src=x onerror=');
    expect(await xss.locator('img, script').count()).toBe(0);
    expect(
      await page.evaluate(() => (window as any).__convertDoctorPwned)
    ).toBeUndefined();

    test.setTimeout(180000);
    await runCellAt(page, 1);
    const huge = diagnosisOf(page, 1);
    await expect(huge).toHaveAttribute('data-category', 'file_not_found', {
      timeout: 60000
    });
    const evidence = await huge
      .locator('.jp-ConvertDoctor-diagnosisEvidence')
      .textContent();
    expect(evidence!.length).toBeLessThanOrEqual(600);
    expect(evidence).not.toContain('\u001b');
    expect(await huge.locator('b').count()).toBe(0);
    // The whole annotation is small text, and it stays inside the cell's width.
    expect((await huge.textContent())!.length).toBeLessThan(5000);
    const [cellWidth, boxWidth] = await huge.evaluate(node => [
      node.closest('.jp-Cell')!.getBoundingClientRect().width,
      node.getBoundingClientRect().width
    ]);
    expect(boxWidth).toBeLessThanOrEqual(cellWidth);
  });
});

test.describe('failing-cell diagnosis in the light and dark themes', () => {
  // Pixel baselines: a fixed viewport, so the annotation is always as wide.
  test.use({ viewport: { width: 1024, height: 768 } });

  test('the annotation takes its colours from the theme and matches the reviewed images', async ({
    page,
    tmpPath
  }) => {
    // Every line of this annotation is fixed text: the signature's, and the evidence
    // "No module named 'onnx_tf'"; nothing from versions, paths or times.
    await openNotebook(page, `${tmpPath}/themes.ipynb`, [
      MISSING_ONNX_TF_SOURCE
    ]);
    const annotation = await runToDiagnosis(page, 0, MISSING_ONNX_TF_DIAGNOSIS);

    const light = await themeColours(annotation);
    await settleForScreenshot(page);
    await expect(annotation).toHaveScreenshot('annotation-light.png');

    await page.theme.setDarkTheme();
    expect(await page.theme.getTheme()).toBe('JupyterLab Dark');
    const dark = await themeColours(annotation);
    await settleForScreenshot(page);
    await expect(annotation).toHaveScreenshot('annotation-dark.png');

    for (const colours of [light, dark]) {
      expect(colours.background).toBe(colours.layoutColor1);
      expect(colours.foreground).toBe(colours.uiFontColor1);
    }
    expect(dark.background).not.toBe(light.background);
    expect(dark.foreground).not.toBe(light.foreground);
    // Dark text on a light box, light text on a dark box.
    expect(light.backgroundLuminance).toBeGreaterThan(
      light.foregroundLuminance
    );
    expect(dark.backgroundLuminance).toBeLessThan(dark.foregroundLuminance);
  });
});

/** Fonts loaded, and no pointer hovering the annotation's buttons. */
async function settleForScreenshot(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(0, 0);
}

/**
 * The annotation's computed colours beside the theme's --jp-* variables (resolved the same
 * way), and their relative luminance with the text's alpha blended over the background.
 */
async function themeColours(annotation: Locator) {
  return annotation.evaluate((node: HTMLElement) => {
    const resolve = (variable: string) => {
      const probe = document.createElement('div');
      probe.style.color = `var(${variable})`;
      document.body.append(probe);
      const value = getComputedStyle(probe).color;
      probe.remove();
      return value;
    };
    const channels = (colour: string) =>
      (colour.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) =>
      [r, g, b]
        .map(c => c / 255)
        .map(c => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
        .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
    const style = getComputedStyle(node);
    const [br, bg, bb] = channels(style.backgroundColor);
    const [fr, fg, fb, alpha = 1] = channels(style.color);
    const blend = (f: number, b: number) => alpha * f + (1 - alpha) * b;
    return {
      background: style.backgroundColor,
      foreground: style.color,
      layoutColor1: resolve('--jp-layout-color1'),
      uiFontColor1: resolve('--jp-ui-font-color1'),
      backgroundLuminance: luminance([br, bg, bb]),
      foregroundLuminance: luminance([
        blend(fr, br),
        blend(fg, bg),
        blend(fb, bb)
      ])
    };
  });
}

// 'full' (the 4.2–4.4 default) and 'contentVisibility' (the 4.5+ default).
for (const windowingMode of ['full', 'contentVisibility']) {
  test.describe(`failing-cell diagnosis with windowingMode ${windowingMode}`, () => {
    test.use({ mockSettings: withWindowingMode(windowingMode) });

    test('annotations attach to off-screen cells and survive scrolling', async ({
      page,
      tmpPath
    }) => {
      const sources = Array.from({ length: 60 }, (_, i) => `x_${i} = ${i}`);
      sources[2] = MISSING_ONNX_TF_SOURCE;
      sources[58] = MISSING_ONNX_TF_SOURCE;
      await openNotebook(page, `${tmpPath}/windowed.ipynb`, sources);
      await runCellAt(page, 2);
      await runCellAt(page, 58);
      await page.evaluate(async () => {
        const notebook = (window as any).jupyterapp.shell.currentWidget.content;
        await notebook.scrollToItem(58, 'center');
      });
      const last = page.locator(
        `.jp-Cell[data-windowed-list-index="58"] ${DIAGNOSIS}`
      );
      await expect(last).toHaveAttribute('data-category', 'missing_dependency');
      await page.evaluate(async () => {
        const notebook = (window as any).jupyterapp.shell.currentWidget.content;
        await notebook.scrollToItem(2, 'center');
      });
      const first = page.locator(
        `.jp-Cell[data-windowed-list-index="2"] ${DIAGNOSIS}`
      );
      await expect(first).toHaveAttribute(
        'data-category',
        'missing_dependency'
      );
      await page.evaluate(async () => {
        const notebook = (window as any).jupyterapp.shell.currentWidget.content;
        await notebook.scrollToItem(58, 'center');
      });
      await expect(last).toHaveCount(1);
      expect(await page.locator(DIAGNOSIS).count()).toBeLessThanOrEqual(2);
    });
  });
}

test.describe('failing-cell diagnosis with auto-annotation off', () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      'jupyterlab-convert-doctor:annotation': { autoAnnotate: false }
    }
  });

  test('nothing appears by itself; the commands still diagnose', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/manual.ipynb`, [
      MISSING_ONNX_TF_SOURCE,
      IR_TOO_NEW_SOURCE
    ]);
    await runCellAt(page, 0);
    await runCellAt(page, 1);
    await page.waitForTimeout(1000);
    await expect(page.locator(DIAGNOSIS)).toHaveCount(0);

    expect(await runCommand(page, 'convert-doctor:diagnose-all')).toBe(2);
    await expect(diagnosisOf(page, 0)).toHaveAttribute(
      'data-category',
      'missing_dependency'
    );
    await expect(diagnosisOf(page, 1)).toHaveAttribute(
      'data-category',
      'onnxruntime_ir_version'
    );
  });

  test('the cell context menu diagnoses this cell, all failed cells, and inserts the fix cell', async ({
    page,
    tmpPath
  }) => {
    await contextMenuScenario(page, sources =>
      openNotebook(page, `${tmpPath}/context-menu.ipynb`, sources)
    );
  });
});
