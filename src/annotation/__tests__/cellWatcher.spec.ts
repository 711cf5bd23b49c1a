import type { ICellModel, ICodeCellModel } from '@jupyterlab/cells';
import { NotebookModel } from '@jupyterlab/notebook';
import { Signal } from '@lumino/signaling';

import {
  CellWatcher,
  type ICellWork,
  type IWatchedNotebook
} from '../cellWatcher';

// nbformat's shapes, as the models take them.
type ICellContent = Parameters<NotebookModel['fromJSON']>[0]['cells'][number];
type IOutput = Parameters<ICodeCellModel['outputs']['add']>[0];

const ERROR: IOutput = {
  output_type: 'error',
  ename: 'ModuleNotFoundError',
  evalue: "No module named 'onnx'",
  traceback: ["ModuleNotFoundError: No module named 'onnx'"]
};

function codeCell(source: string, outputs: IOutput[] = []): ICellContent {
  return {
    cell_type: 'code',
    source,
    metadata: {},
    outputs,
    execution_count: null
  };
}

/** A real notebook model, loaded as from a file, in the host the watcher reads. */
function loaded(cells: ICellContent[]): {
  notebook: IWatchedNotebook;
  model: NotebookModel;
} {
  const model = new NotebookModel();
  model.fromJSON({
    cells,
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5
  });
  const host = {
    model,
    modelChanged: new Signal<unknown, void>({}),
    widgets: []
  };
  return { notebook: host as unknown as IWatchedNotebook, model };
}

function tasks(count = 5): Promise<void> {
  let chain = Promise.resolve();
  for (let i = 0; i < count; i++) {
    chain = chain.then(() => new Promise(resolve => setTimeout(resolve, 0)));
  }
  return chain;
}

function watch(notebook: IWatchedNotebook) {
  const runs: { source: string; work: ICellWork<string> }[] = [];
  const sweeps: Set<ICellModel>[] = [];
  const watcher = new CellWatcher<string>({
    notebook,
    run: (model, work) =>
      runs.push({ source: model.sharedModel.getSource(), work }),
    swept: present => sweeps.push(present)
  });
  return { watcher, runs, sweeps };
}

describe('CellWatcher', () => {
  it('checks the saved errors of a loaded notebook, and only those', async () => {
    const { notebook } = loaded([
      codeCell('import onnx', [ERROR]),
      codeCell('print(1)'),
      { cell_type: 'markdown', source: '# notes', metadata: {} }
    ]);
    const { watcher, runs } = watch(notebook);
    expect(watcher.checkAll()).toBe(1);
    await tasks();
    expect(runs.map(r => r.source)).toEqual(['import onnx']);
    expect(runs[0].work).toEqual({ check: true, force: false, refine: null });
    watcher.dispose();
  });

  it('looks once after a burst of output changes, and again when a run ends', async () => {
    const { notebook, model } = loaded([codeCell('import onnx')]);
    const { watcher, runs } = watch(notebook);
    await tasks();
    expect(runs).toEqual([]);
    const cell = model.cells.get(0) as ICodeCellModel;
    cell.outputs.add({ output_type: 'stream', name: 'stdout', text: 'a' });
    cell.outputs.add({ output_type: 'stream', name: 'stdout', text: 'b' });
    cell.outputs.add(ERROR);
    await tasks();
    expect(runs.length).toBe(1);
    cell.executionState = 'running';
    cell.executionState = 'idle';
    await tasks();
    expect(runs.length).toBe(2);
    watcher.dispose();
  });

  it('tells which cells remain after a removal', async () => {
    const { notebook, model } = loaded([
      codeCell('import onnx', [ERROR]),
      codeCell('import torch')
    ]);
    const { watcher, sweeps } = watch(notebook);
    await tasks();
    const removed = model.cells.get(1) as ICodeCellModel;
    model.sharedModel.deleteCell(1);
    expect(sweeps.length).toBe(1);
    expect(sweeps[0].has(model.cells.get(0))).toBe(true);
    expect(sweeps[0].has(removed)).toBe(false);
    // The removed model is disposed; the watcher let go of it without touching it.
    expect(removed.isDisposed).toBe(true);
    watcher.dispose();
  });

  it('queues refinements with the later work and runs nothing once disposed', async () => {
    const { notebook, model } = loaded([codeCell('import onnx', [ERROR])]);
    const { watcher, runs } = watch(notebook);
    await tasks();
    watcher.refineLater(model.cells.get(0), 'report');
    await tasks();
    expect(runs[runs.length - 1].work).toEqual({
      check: false,
      force: false,
      refine: 'report'
    });
    const before = runs.length;
    watcher.dispose();
    (model.cells.get(0) as ICodeCellModel).outputs.add(ERROR);
    await tasks();
    expect(runs.length).toBe(before);
  });
});
