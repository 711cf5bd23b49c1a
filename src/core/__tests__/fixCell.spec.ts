import recipesDocument from '../../../jupyterlab_convert_doctor/knowledge/recipes.json';
import {
  FIX_CELL_METADATA_KEY,
  FIX_CELL_TAG,
  guessParameters,
  readRecipes,
  recipesFor,
  renderFixCell,
  IFixRecipe
} from '../fixCell';

// The shipped recipes, not a copy: the fix cell must render from the real data.
const recipes = readRecipes(recipesDocument);
const darknet = recipes.find(r => r.id === 'darknet-onnx') as IFixRecipe;
const selectOps = recipes.find(
  r => r.id === 'tf-tflite-select-ops'
) as IFixRecipe;
const torch = recipes.find(r => r.id === 'torch-onnx') as IFixRecipe;

describe('renderFixCell', () => {
  it('reads every shipped recipe and renders each with all placeholders filled', () => {
    expect(recipes.length).toBeGreaterThan(0);
    for (const recipe of recipes) {
      const cell = renderFixCell(recipe, {});
      expect(cell.source).not.toMatch(/\{\{/);
      expect(cell.source).toContain(`recipe ${recipe.id}`);
      // every pin of every lane is in the header
      for (const lane of recipe.lanes) {
        for (const requirement of lane.requirements) {
          expect(cell.source).toContain(requirement);
        }
      }
    }
  });

  it('fills path parameters as Python string literals and tags the metadata', () => {
    const cell = renderFixCell(
      darknet,
      {
        cfg: 'yolov4-tiny.cfg',
        weights: 'yolov4-tiny.weights',
        onnx: 'out/y.onnx'
      },
      { category: 'darknet_route_groups' }
    );
    expect(cell.source).toContain(
      'run_recipe("darknet-onnx", cfg="yolov4-tiny.cfg", weights="yolov4-tiny.weights", onnx="out/y.onnx")'
    );
    expect(cell.missing).toEqual([]);
    expect(cell.metadata.tags).toEqual([FIX_CELL_TAG]);
    expect(cell.metadata[FIX_CELL_METADATA_KEY]).toEqual({
      recipe: 'darknet-onnx',
      category: 'darknet_route_groups'
    });
  });

  it('escapes quotes, backslashes and newlines in values', () => {
    const cell = renderFixCell(darknet, {
      cfg: 'a"b\\c\nd.cfg',
      weights: 'w.weights',
      onnx: 'o.onnx'
    });
    expect(cell.source).toContain('cfg="a\\"b\\\\c\\nd.cfg"');
    // the value cannot break out of its line
    const call = cell.source
      .split('\n')
      .find(line => line.includes('run_recipe('));
    expect(call).toContain('weights="w.weights"');
  });

  it('leaves missing required parameters as None and says so', () => {
    const cell = renderFixCell(darknet, { weights: 'w.weights' });
    expect(cell.missing).toEqual(['cfg', 'onnx']);
    expect(cell.source).toContain('cfg=None');
    expect(cell.source).toMatch(/# Fill in cfg \(Darknet \.cfg file\)/);
  });

  it('keeps recipe text that contains newlines inside comments', () => {
    const hostile: IFixRecipe = {
      ...darknet,
      title: 'x\nimport os; os.system("boom")'
    };
    const lines = renderFixCell(hostile, {}).source.split('\n');
    expect(lines.filter(line => line.includes('os.system'))).toEqual([
      expect.stringMatching(/^# /)
    ]);
  });

  it('renders every shipped recipe in printable ASCII', () => {
    for (const recipe of recipes) {
      expect(renderFixCell(recipe, {}).source).toMatch(/^[\x20-\x7e\n]+$/);
    }
  });

  it('names in the header the inputs whose content runs as code', () => {
    expect(selectOps.parameters.saved_model.executes).toMatch(
      /serving_default/
    );
    const cell = renderFixCell(selectOps, {
      saved_model: 'sm',
      tflite: 'x.tflite'
    });
    expect(cell.source).toMatch(
      /^# Runs code from saved_model: .*serving_default.*Only run this cell on a saved_model you trust\.$/m
    );
    const unfilled = renderFixCell(selectOps, {}).source;
    expect(unfilled).toMatch(/^# Runs code from saved_model: /m);
    expect(unfilled).toContain('saved_model=None');
    expect(renderFixCell(torch, {}).source).toMatch(
      /^# Runs code from model: the Python file is imported/m
    );
    // Read-only inputs (our own Darknet parser, onnxruntime) are not flagged.
    expect(renderFixCell(darknet, {}).source).not.toMatch(/Runs code/);
  });

  it('rejects a template naming an undeclared parameter', () => {
    expect(() =>
      renderFixCell({ ...darknet, cell: 'run({{nope}})' }, {})
    ).toThrow(/undeclared parameter "nope"/);
  });
});

describe('guessParameters', () => {
  it('finds the cfg and weights a conversion cell names and derives the ONNX path', () => {
    const source = [
      "cfg_path = 'cfg/yolov4-tiny.cfg'",
      'net = convert(cfg_path, "weights/yolov4-tiny.weights")'
    ].join('\n');
    expect(guessParameters(darknet, source)).toEqual({
      cfg: 'cfg/yolov4-tiny.cfg',
      weights: 'weights/yolov4-tiny.weights',
      onnx: 'weights/yolov4-tiny.onnx'
    });
  });

  it('never takes an output path from the cell (it may be a file the cell reads)', () => {
    const source = "ort.InferenceSession('model.onnx')";
    expect(guessParameters(darknet, source)).toEqual({});
    const torch = recipes.find(r => r.id === 'torch-onnx') as IFixRecipe;
    expect(torch.parameters.onnx.kind).toBe('output_path');
    expect(guessParameters(torch, source).onnx).toBeUndefined();
  });

  it('puts an output folder next to the input the cell names', () => {
    const onnxTflite = recipes.find(r => r.id === 'onnx-tflite') as IFixRecipe;
    expect(onnxTflite.parameters.out.kind).toBe('output_dir');
    const source = [
      'import onnx',
      'from onnx_tf.backend import prepare',
      "tf_rep = prepare(onnx.load('models/yolov4-tiny.onnx'))",
      "tf_rep.export_graph('yolov4-tiny-savedmodel')"
    ].join('\n');
    expect(guessParameters(onnxTflite, source)).toEqual({
      onnx: 'models/yolov4-tiny.onnx',
      out: 'models/yolov4-tiny-onnx-tflite'
    });
    const cell = renderFixCell(onnxTflite, guessParameters(onnxTflite, source));
    expect(cell.missing).toEqual([]);
    expect(cell.source).toContain(
      'run_recipe("onnx-tflite", onnx="models/yolov4-tiny.onnx", out="models/yolov4-tiny-onnx-tflite", savedmodel=False)'
    );
    // No input found: the folder stays unfilled and the cell says so.
    expect(guessParameters(onnxTflite, 'import onnx_tf')).toEqual({});
  });

  it('never takes an input that runs as code from the cell: it stays a "Fill in" None', () => {
    const source = [
      'import tensorflow as tf',
      "converter = tf.lite.TFLiteConverter.from_saved_model('untrusted_saved_model')",
      "open('model.tflite', 'wb').write(converter.convert())"
    ].join('\n');
    expect(guessParameters(selectOps, source)).toEqual({});
    const cell = renderFixCell(selectOps, guessParameters(selectOps, source));
    expect(cell.missing).toEqual(['saved_model', 'tflite']);
    expect(cell.source).toContain('saved_model=None');
    expect(cell.source).not.toContain('untrusted_saved_model');
    expect(cell.source).toMatch(
      /^# Fill in saved_model \(SavedModel folder\)/m
    );
    // A file the recipe only reads is still taken from the cell.
    expect(
      guessParameters(torch, "sd = torch.load('yolo.pth', weights_only=True)")
    ).toEqual({
      state_dict: 'yolo.pth',
      checkpoint: 'yolo.pth',
      onnx: 'yolo.onnx'
    });
  });

  it('finds nothing in a cell without paths', () => {
    expect(guessParameters(darknet, 'import onnx_tf')).toEqual({});
  });
});

describe('readRecipes', () => {
  it('names the broken entry', () => {
    expect(() => readRecipes({ recipes: [{ id: 'x', title: 't' }] })).toThrow(
      /recipes\[0\] \(x\): needs string id, title and cell/
    );
    expect(() => readRecipes({})).toThrow(/must be an array/);
  });
});

describe('recipesFor', () => {
  it('gives the recipes of diagnosis.recipes in that order, skipping ids not shipped', () => {
    expect(
      recipesFor(
        { recipes: ['torch-onnx', 'no-such-recipe', 'darknet-onnx'] },
        recipes
      ).map(r => r.id)
    ).toEqual(['torch-onnx', 'darknet-onnx']);
    expect(recipesFor({ recipes: [] }, recipes)).toEqual([]);
  });
});
