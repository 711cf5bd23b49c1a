/**
 * Fix cells as Python reads them: the keyword arguments of the rendered run_recipe call, and
 * the Python engine's own render_cell of the same values. Integration tier: it spawns the
 * project's Python (the unit specs of fixCell.ts are in src/core/__tests__).
 */
import { spawnSync } from 'child_process';

import recipesDocument from '../../jupyterlab_convert_doctor/knowledge/recipes.json';
import {
  guessParameters,
  readRecipes,
  renderFixCell,
  type IFixRecipe
} from '../../src/core/fixCell';

import { PROJECT_PYTHON, ROOT } from './jupyterServer';

// The shipped recipes, not a copy: the fix cell must render from the real data.
const recipes = readRecipes(recipesDocument);
const darknet = recipes.find(r => r.id === 'darknet-onnx') as IFixRecipe;
const torch = recipes.find(r => r.id === 'torch-onnx') as IFixRecipe;

const PYTHON = process.env.CONVERT_DOCTOR_TEST_PYTHON ?? PROJECT_PYTHON;

/**
 * What Python makes of a fix cell: the keyword arguments of its run_recipe call as literal
 * values (JSON with ensure_ascii, so lone surrogates survive), and Python's own render_cell of
 * the same values (jupyterlab_convert_doctor/recipes/catalog.py).
 */
function pythonReads(
  source: string,
  recipe: string,
  values: { [name: string]: string | boolean }
): { kwargs: { [name: string]: unknown }; pythonCell: string } {
  const script = `
import ast, json, sys
sys.path.insert(0, ${JSON.stringify(ROOT)})
from jupyterlab_convert_doctor.recipes.catalog import get_recipe, render_cell
given = json.loads(sys.stdin.read())
tree = ast.parse(given['source'])
call = next(node for node in ast.walk(tree) if isinstance(node, ast.Call) and getattr(node.func, 'id', '') == 'run_recipe')
kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
python_cell = render_cell(get_recipe(given['recipe']), **given['values'])
print(json.dumps({'kwargs': kwargs, 'pythonCell': python_cell}))
`;
  const run = spawnSync(PYTHON, ['-c', script], {
    input: JSON.stringify({ source, recipe, values }),
    encoding: 'utf8'
  });
  if (run.status !== 0) {
    throw new Error(`python failed: ${run.stderr}`);
  }
  return JSON.parse(run.stdout);
}

describe('renderFixCell, read by Python', () => {
  it('writes every literal and comment in printable ASCII that Python reads as the same value', () => {
    const values = {
      cfg: 'a\u2028b\u2029c.cfg',
      weights: 'admin\u202e\u2066thgiew\u2069.weights',
      onnx: 'caf\u00e9 \u0430pple \ud83d\ude00 \x7f\x00\t"\'\\ \ud800.onnx'
    };
    const hostile: IFixRecipe = {
      ...darknet,
      title: 'title \u202e with \u2028 bidi',
      parameters: {
        ...darknet.parameters,
        cfg: { ...darknet.parameters.cfg, executes: 'r\u00e9ason \u2028 x' }
      }
    };
    const cell = renderFixCell(hostile, values);
    expect(cell.source).toMatch(/^[\x20-\x7e\n]+$/);
    expect(cell.source).toContain('\\u2028');
    expect(cell.source).toContain('\\U0001f600');
    const read = pythonReads(cell.source, 'darknet-onnx', values);
    expect(read.kwargs).toEqual(values);
    // Python's render_cell writes the very same call.
    const call = cell.source.split('\n').slice(-1)[0];
    expect(read.pythonCell.split('\n').slice(-1)[0]).toBe(call);
  });

  it("renders an opt-in to run a file's code as False under a warning, whatever the values say", () => {
    const source = [
      'import torch',
      'ckpt = torch.load("runs/yolov4-tiny.pt", map_location="cpu")',
      'torch.onnx.export(ckpt["model"], (x,), "yolov4-tiny.onnx")'
    ].join('\n');
    const guessed = guessParameters(torch, source);
    expect(guessed).not.toHaveProperty('trust_checkpoint_code');
    // Even a caller passing True gets False: only the user, editing the cell, opts in.
    const values = { ...guessed, trust_checkpoint_code: true };
    const cell = renderFixCell(torch, values);
    expect(cell.source).toContain('trust_checkpoint_code=False)');
    expect(cell.source).not.toMatch(/trust_checkpoint_code=True\)/);
    expect(cell.source).toContain('checkpoint="runs/yolov4-tiny.pt"');
    expect(cell.source).toContain('onnx="runs/yolov4-tiny.onnx"');
    expect(cell.source).toMatch(
      /^# trust_checkpoint_code=True unpickles checkpoint with torch\.load\(weights_only=False\), which runs code the file names; set it True only for a file you trust, else .*add_safe_globals\.$/m
    );
    expect(cell.missing).toEqual(['model']);
    // The Python engine renders the same cell, and Python reads False from it.
    const { kwargs, pythonCell } = pythonReads(
      cell.source,
      'torch-onnx',
      values
    );
    expect(pythonCell).toBe(cell.source);
    expect(kwargs).toMatchObject({
      model: null,
      checkpoint: 'runs/yolov4-tiny.pt',
      trust_checkpoint_code: false
    });
  });
});
