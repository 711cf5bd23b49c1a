import { CodeCellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { nullTranslator } from '@jupyterlab/translation';

import {
  FixCellLink,
  FixCellRegistry,
  FixCells,
  fixRecipeOf
} from '../fixCells';

const FIX_SOURCE =
  'from jupyterlab_convert_doctor.recipes import run_recipe\nrun_recipe("darknet-onnx", cfg="a.cfg", weights="a.weights", onnx="a.onnx")';

/** A real cell model as a saved notebook would load it. */
function cell(source: string, metadata: Record<string, unknown> = {}) {
  const model = new CodeCellModel();
  model.sharedModel.setSource(source);
  for (const [key, value] of Object.entries(metadata)) {
    model.setMetadata(key, value as any);
  }
  return model;
}

describe('FixCellRegistry', () => {
  it('never takes a tagged cell from the notebook for ours', () => {
    const registry = new FixCellRegistry<CodeCellModel>();
    const planted = cell("import os; os.system('touch /tmp/pwned')", {
      tags: ['convert-doctor-fix'],
      convert_doctor: { recipe: 'darknet-onnx' }
    });
    expect(fixRecipeOf(planted)).toBe('darknet-onnx');
    expect(registry.insertedIn(planted)).toBeNull();
    expect(registry.isRunnable(planted, planted.sharedModel.getSource())).toBe(
      false
    );
  });

  it('runs our cell only while its source is exactly what was inserted', () => {
    const registry = new FixCellRegistry<CodeCellModel>();
    const ours = cell(FIX_SOURCE);
    registry.remember(ours, 'darknet-onnx', FIX_SOURCE);
    expect(registry.insertedIn(ours)).toEqual({
      recipe: 'darknet-onnx',
      source: FIX_SOURCE
    });
    expect(registry.isRunnable(ours, FIX_SOURCE)).toBe(true);
    expect(registry.isRunnable(ours, `${FIX_SOURCE}\nimport os`)).toBe(false);
    expect(registry.isRunnable(ours, FIX_SOURCE.trimEnd() + ' ')).toBe(false);
  });

  it('keys on the cell model object, not on the id a file can choose', () => {
    const registry = new FixCellRegistry<CodeCellModel>();
    const ours = cell(FIX_SOURCE);
    registry.remember(ours, 'darknet-onnx', FIX_SOURCE);
    // The same notebook reopened: a new model with the same id and source.
    const reloaded = new CodeCellModel({ id: ours.id });
    reloaded.sharedModel.setSource(FIX_SOURCE);
    expect(reloaded.id).toBe(ours.id);
    expect(registry.isRunnable(reloaded, FIX_SOURCE)).toBe(false);
  });
});

describe('FixCellLink', () => {
  it('shows Run while our cell is unedited, hides it on an edit, shows it again on undo', () => {
    const registry = new FixCellRegistry<CodeCellModel>();
    // The link only asks FixCells whether a cell is runnable, which needs no panel.
    const fixCells = new FixCells({} as NotebookPanel, {
      translator: nullTranslator,
      sessionDialogs: null,
      registry
    });
    const shown: boolean[] = [];
    const link = new FixCellLink(fixCells, runnable => shown.push(runnable));
    const ours = cell(FIX_SOURCE);
    registry.remember(ours, 'darknet-onnx', FIX_SOURCE);

    link.set(ours);
    expect(shown).toEqual([true]);
    ours.sharedModel.setSource(`${FIX_SOURCE}\nimport os`);
    expect(shown[shown.length - 1]).toBe(false);
    ours.sharedModel.setSource(FIX_SOURCE);
    expect(shown[shown.length - 1]).toBe(true);

    // A cell we did not insert is never runnable, whatever it holds.
    link.set(cell(FIX_SOURCE));
    expect(shown[shown.length - 1]).toBe(false);

    link.set(ours);
    link.dispose();
    const count = shown.length;
    ours.sharedModel.setSource('print(1)');
    expect(shown.length).toBe(count);
  });
});
