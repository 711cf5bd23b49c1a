import { expect, test } from '@jupyterlab/galata';
import { notebookJson, runCellAt } from '../annotation';

for (const n of [60000]) {
  test(`size ${n}`, async ({ page, tmpPath }) => {
    test.setTimeout(300000);
    page.on('console', m => { if (m.text().includes('CDTIME')) console.log(m.text()); });
    const file = `${tmpPath}/big.ipynb`;
    await page.contents.uploadContent(notebookJson([
      `raise FileNotFoundError(2, 'No such file or directory', ('\\x1b[31m<b>x</b>\\x1b[0m' * ${n}) + '.weights')`
    ]), 'text', file);
    await page.notebook.openByPath(file);
    await page.waitForFunction(() => (window as any).jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel?.status === 'idle');
    const t0 = Date.now();
    await runCellAt(page, 0);
    const t1 = Date.now();
    await expect(page.locator('.jp-ConvertDoctor-diagnosis')).toHaveCount(process.env.NOEXT ? 0 : 1, { timeout: 200000 });
    const t2 = Date.now();
    const len = await page.evaluate(() => {
      const c = (window as any).jupyterapp.shell.currentWidget.content.model.sharedModel.cells[0];
      return JSON.stringify(c.toJSON().outputs).length;
    });
    console.log(`n=${n} run=${t1 - t0}ms annotation=${t2 - t1}ms outputJSON=${len}`);
  });
}
