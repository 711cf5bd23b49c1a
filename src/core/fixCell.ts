/**
 * Renders a recipe (knowledge/recipes.json) into the source of a fix cell: the recipe's `cell`
 * template with its `{{name}}` placeholders filled, under a header naming the pinned lanes.
 * Framework-free: the annotation inserts the result, tests check it, nothing here runs it.
 */
import type { IRecipe, IRecipeLane, IRecipeParameter } from './_schema';
import { pythonComment, pythonStringLiteral } from './pythonLiteral';
import { IRecipeFits, readFits } from './recipeChoice';

export type { IRecipeParameter } from './_schema';

/** A parameter's kind, as recipes.schema.json lists them. */
export type RecipeParameterKind = IRecipeParameter['kind'];

/** The part of a lane the fix cell's header names. */
export type IFixRecipeLane = Pick<
  IRecipeLane,
  'id' | 'python' | 'requirements'
>;

/** The part of a recipe entry (recipes.schema.json) the fix cell needs. */
export interface IFixRecipe extends Pick<
  IRecipe,
  'id' | 'title' | 'parameters' | 'cell' | 'categories'
> {
  lanes: IFixRecipeLane[];
  /** The context the recipe needs to be offered (see recipeChoice.ts). */
  fits: IRecipeFits;
}

/** A parameter value given by the user (or found in the failing cell). */
export type FixParameterValue = string | number | boolean | number[];

export interface IFixCell {
  source: string;
  /** Cell metadata: the recipe id tags the cell so tools can find and re-run it. */
  metadata: { [key: string]: unknown };
  /** Required parameters left unfilled (the cell says so in a comment). */
  missing: string[];
}

/** The metadata key of inserted fix cells. */
export const FIX_CELL_METADATA_KEY = 'convert_doctor';
/** The tag every inserted fix cell carries. */
export const FIX_CELL_TAG = 'convert-doctor-fix';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * The fix cell for `recipe` with `values`. Placeholders become Python literals (strings in
 * printable ASCII, see pythonLiteral.ts); a required parameter without a value or default
 * becomes `None` and is listed in a "fill in" comment, so the cell never pretends. Inputs
 * whose content runs as code are named in the header, filled in or not. An opt-in parameter
 * (`opt_in`: True lets the recipe run code from an input) always shows its default, False,
 * under a comment saying what True does: only the user, editing the cell, turns it on.
 *
 * Throws on a template naming a parameter the recipe does not declare: that is broken data.
 */
export function renderFixCell(
  recipe: IFixRecipe,
  values: { [name: string]: FixParameterValue | undefined } = {},
  context: { category?: string } = {}
): IFixCell {
  const missing: string[] = [];
  const used: string[] = [];
  const body = recipe.cell.replace(PLACEHOLDER, (_match, name: string) => {
    const parameter = recipe.parameters[name];
    if (!parameter) {
      throw new Error(
        `recipe ${recipe.id}: template names undeclared parameter "${name}"`
      );
    }
    if (!used.includes(name)) {
      used.push(name);
    }
    const value = parameter.opt_in
      ? (parameter.default as FixParameterValue)
      : (values[name] ?? (parameter.default as FixParameterValue));
    if (value === undefined || value === null) {
      if (!missing.includes(name)) {
        missing.push(name);
      }
      return 'None';
    }
    return pythonLiteral(value, parameter.kind);
  });

  const header = [
    `# Convert Doctor fix: ${pythonComment(recipe.title)} (recipe ${pythonComment(recipe.id)})`,
    '# Runs in its own pinned venv; nothing is installed into this kernel.'
  ];
  for (const lane of recipe.lanes) {
    header.push(
      `# Python ${pythonComment(lane.python)}: ${lane.requirements.map(pythonComment).join(' ')}`
    );
  }
  for (const name of used) {
    const { executes, opt_in: optIn } = recipe.parameters[name];
    if (executes) {
      header.push(
        `# Runs code from ${name}: ${pythonComment(executes)}. Only run this cell on a ${name} you trust.`
      );
    }
    if (optIn) {
      header.push(`# ${name}=True ${pythonComment(optIn)}.`);
    }
  }
  for (const name of missing) {
    const description = recipe.parameters[name].description;
    header.push(
      `# Fill in ${name}${description ? ` (${pythonComment(description)})` : ''}: it is None below.`
    );
  }

  const metadata: { [key: string]: unknown } = {
    tags: [FIX_CELL_TAG],
    [FIX_CELL_METADATA_KEY]: {
      recipe: recipe.id,
      ...(context.category ? { category: context.category } : {})
    }
  };
  return { source: `${header.join('\n')}\n${body}`, metadata, missing };
}

// Matches string literals in Python source ('...' or "...", no triple quotes, no escapes
// spanning lines): enough to find the paths a conversion cell names.
const STRING_LITERAL = /(['"])((?:\\.|(?!\1)[^\\\n]){1,1024})\1/g;

// Only inputs come from the cell: a literal there may be a file the cell reads, and a fix
// must never write over it.
const PATH_KINDS = new Set(['input_path']);

/** Which file suffixes fit a parameter, by its name. */
const SUFFIXES: { [name: string]: RegExp } = {
  cfg: /\.cfg$/i,
  weights: /\.weights$/i,
  onnx: /\.onnx$/i,
  tflite: /\.tflite$/i,
  model: /\.(?:pt|pth|pt2|ckpt)$/i,
  checkpoint: /\.(?:pt|pth|ckpt)$/i,
  keras_model: /\.(?:keras|h5|hdf5)$/i,
  state_dict: /\.(?:pt|pth|bin|safetensors)$/i,
  saved_model: /saved_?model/i
};

/**
 * Values for a recipe's path parameters, read from the failing cell's source: the last string
 * literal whose suffix fits an input parameter's name. Only string literals, never evaluated.
 * An input that runs as code (`executes`) is never taken from the cell: the cell may come
 * from an untrusted notebook, and the user must name such a file knowingly.
 * Outputs are not taken from the cell; an output `onnx` is derived from the weights or
 * checkpoint path (`x.weights` -> `x.onnx`, `x.pt` -> `x.onnx`) and an output folder from
 * the first input (`x.onnx` -> `x-onnx-tflite`), so a fix cell runs as is.
 * `source` is bounded by the caller.
 */
export function guessParameters(
  recipe: IFixRecipe,
  source: string
): { [name: string]: string } {
  const literals: string[] = [];
  for (const match of source.matchAll(STRING_LITERAL)) {
    literals.push(match[2]);
  }
  const guessed: { [name: string]: string } = {};
  for (const [name, parameter] of Object.entries(recipe.parameters)) {
    const suffix = SUFFIXES[name];
    if (
      !suffix ||
      !PATH_KINDS.has(String(parameter.kind)) ||
      parameter.executes
    ) {
      continue;
    }
    const found = literals.filter(literal => suffix.test(literal)).pop();
    if (found !== undefined) {
      guessed[name] = found;
    }
  }
  const modelFile = guessed.weights ?? guessed.checkpoint;
  if (
    recipe.parameters.onnx?.kind === 'output_path' &&
    modelFile !== undefined
  ) {
    guessed.onnx = modelFile.replace(/\.[^./\\]+$/, '') + '.onnx';
  }
  // An output folder goes next to the first input found, named after it and the recipe
  // (`x.onnx` -> `x-onnx-tflite`), so it never names a file the cell reads.
  const input = Object.keys(recipe.parameters)
    .map(name => guessed[name])
    .find(value => value !== undefined);
  for (const [name, parameter] of Object.entries(recipe.parameters)) {
    if (parameter.kind === 'output_dir' && input !== undefined) {
      guessed[name] = `${input.replace(/\.[^./\\]+$/, '')}-${recipe.id}`;
    }
  }
  return guessed;
}

function pythonLiteral(value: FixParameterValue, kind: string): string {
  if (Array.isArray(value)) {
    return `[${value.map(item => pythonLiteral(item, 'integer')).join(', ')}]`;
  }
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new Error(`not a finite number: ${value}`);
    }
    return kind === 'integer' ? String(Math.trunc(value)) : String(value);
  }
  return pythonStringLiteral(String(value));
}

/**
 * The recipes of a knowledge/recipes.json document, checked for the fields a fix cell needs.
 * Throws a clear error naming the broken entry (the data is versioned and schema-checked in
 * CI; this guards the labextension against a stale or hand-edited copy).
 */
export function readRecipes(document: unknown): IFixRecipe[] {
  const recipes = (document as { recipes?: unknown } | null)?.recipes;
  if (!Array.isArray(recipes)) {
    throw new Error('recipes.json: "recipes" must be an array');
  }
  return recipes.map((entry: any, index: number) => {
    const where = `recipes.json: recipes[${index}]${typeof entry?.id === 'string' ? ` (${entry.id})` : ''}`;
    if (
      typeof entry?.id !== 'string' ||
      typeof entry.title !== 'string' ||
      typeof entry.cell !== 'string'
    ) {
      throw new Error(`${where}: needs string id, title and cell`);
    }
    if (!entry.parameters || typeof entry.parameters !== 'object') {
      throw new Error(`${where}: needs a parameters object`);
    }
    if (
      !Array.isArray(entry.lanes) ||
      !entry.lanes.every(
        (lane: any) =>
          typeof lane?.python === 'string' &&
          Array.isArray(lane.requirements) &&
          lane.requirements.every((r: unknown) => typeof r === 'string')
      )
    ) {
      throw new Error(`${where}: lanes need python and string requirements`);
    }
    for (const [name, parameter] of Object.entries(entry.parameters)) {
      const executes = (parameter as IRecipeParameter | null)?.executes;
      if (executes !== undefined && typeof executes !== 'string') {
        throw new Error(
          `${where}: parameter ${name}: executes must be a string`
        );
      }
    }
    let fits: IRecipeFits;
    try {
      fits = readFits(entry.fits);
    } catch (err) {
      throw new Error(`${where}: ${(err as Error).message}`);
    }
    return {
      id: entry.id,
      title: entry.title,
      cell: entry.cell,
      categories: Array.isArray(entry.categories)
        ? entry.categories.filter((c: unknown) => typeof c === 'string')
        : [],
      fits,
      parameters: entry.parameters,
      lanes: entry.lanes.map((lane: any) => ({
        id: String(lane.id ?? ''),
        python: lane.python,
        requirements: lane.requirements
      }))
    };
  });
}

/** The recipes a diagnosis offers (its `recipes`, chosen by recipeChoice.ts), in that order. */
export function recipesFor(
  diagnosis: { recipes: string[] },
  recipes: IFixRecipe[]
): IFixRecipe[] {
  return diagnosis.recipes
    .map(id => recipes.find(recipe => recipe.id === id))
    .filter((recipe): recipe is IFixRecipe => recipe !== undefined);
}
