#!/usr/bin/env node
/**
 * Generates src/core/_schema.ts, the TypeScript types of the knowledge documents, from their
 * JSON Schemas (jupyterlab_convert_doctor/knowledge/schema/*.schema.json, owned by the Python
 * side), with json-schema-to-typescript as jupyterlab-lsp does: the schema is the one source
 * of each shape, the core uses the generated types.
 * `node scripts/generate-schema-types.js --check` exits 1 when the committed file is out of
 * date; `--print` writes the generation to stdout (tests/integration/schemaTypes.test.ts
 * compares it with the committed file: prettier cannot load its plugins inside jest).
 */
const fs = require('fs');
const path = require('path');

const { writeOrCheck } = require('./generated-file');

const root = path.resolve(__dirname, '..');
const schemaDir = path.join(
  root,
  'jupyterlab_convert_doctor',
  'knowledge',
  'schema'
);
const targetPath = path.join(root, 'src', 'core', '_schema.ts');

/**
 * The names of the shapes the code uses, by JSON pointer into each schema. A schema may not
 * title its parts (the Python side reads them untyped), so the names live here; a part left
 * unnamed is inlined where it is used.
 */
const NAMES = {
  'darknet-weights.schema.json': {
    '': 'IDarknetWeightsFile',
    '/properties/networks/items': 'IDarknetNetwork'
  },
  'packages.schema.json': {
    '': 'IPackagesFile',
    '/properties/packages/items': 'IPackageEntry'
  },
  'recipes.schema.json': {
    '': 'IRecipesFile',
    '/$defs/recipe': 'IRecipe',
    '/$defs/recipe/properties/fits': 'IRecipeFitsData',
    '/$defs/recipe/properties/verification': 'IRecipeVerification',
    '/$defs/fitClause': 'IFitClause',
    '/$defs/parameter': 'IRecipeParameter',
    '/$defs/lane': 'IRecipeLane',
    '/$defs/source': 'IRecipeSource'
  },
  'rules.schema.json': {
    '': 'IRulesFile',
    '/$defs/condition': 'Condition',
    '/properties/rules/items': 'IRule'
  },
  'runtimes.schema.json': {
    '': 'IRuntimesFile',
    '/$defs/opsets': 'IOpsets',
    '/properties/runtimes/items': 'IRuntimeLimit',
    '/properties/writers/items': 'IOnnxWriterDefault',
    '/properties/tflite_no_builtin/items': 'ITfliteNoBuiltin',
    '/properties/tflite_runtimes/items': 'ITfliteRuntime'
  },
  'signatures.schema.json': {
    '': 'ISignaturesFile',
    '/$defs/condition': 'Condition',
    '/properties/signatures/items': 'ISignature',
    '/properties/signatures/items/properties/patterns/items':
      'ISignaturePattern',
    '/properties/signatures/items/properties/refine/items':
      'ISignatureRefinement'
  },
  'taxonomy.schema.json': {
    '': 'ITaxonomyFile',
    '/properties/categories/items': 'ITaxonomyCategory'
  }
};

/**
 * Parts one schema states in several places alike (the taxonomy ids): declared once, by name.
 * The places must be equal; two schemas naming the same part must state it alike (below).
 */
const SHARED = {
  'rules.schema.json': {
    TaxonomyId: ['/properties/rules/items/properties/categories/items']
  },
  'signatures.schema.json': {
    TaxonomyId: [
      '/properties/signatures/items/properties/category',
      '/properties/signatures/items/properties/refine/items/properties/category'
    ]
  }
};

/** Moves the part at `pointers` into `$defs/<name>` and refers to it from each place. */
function share(schema, file, name, pointers) {
  const first = JSON.stringify(at(schema, pointers[0]));
  schema.$defs = {
    ...schema.$defs,
    [name]: { ...JSON.parse(first), title: name }
  };
  for (const pointer of pointers) {
    if (JSON.stringify(at(schema, pointer)) !== first) {
      throw new Error(`${file}: ${pointer} differs from ${pointers[0]}`);
    }
    const keys = pointer.split('/').slice(1);
    const parent = keys.slice(0, -1).reduce((node, key) => node[key], schema);
    parent[keys[keys.length - 1]] = { $ref: `#/$defs/${name}` };
  }
}

function at(schema, pointer) {
  return pointer
    .split('/')
    .slice(1)
    .reduce((node, key) => {
      if (!node || !(key in node)) {
        throw new Error(`no ${pointer} in the schema`);
      }
      return node[key];
    }, schema);
}

/**
 * A `$ref` with a description beside it would be declared again under a numbered name
 * (RegexList1, RegexList2): the description goes, the reference stays.
 */
function plainRefs(node) {
  if (Array.isArray(node)) {
    node.forEach(plainRefs);
  } else if (node && typeof node === 'object') {
    if (typeof node.$ref === 'string') {
      delete node.description;
    }
    Object.values(node).forEach(plainRefs);
  }
}

/**
 * The declarations of one formatted module, by name: each top-level `export` with the doc
 * comment just above it (top level is column 0 once prettier has indented the module).
 */
function declarations(ts) {
  const blocks = [];
  let comment = [];
  let current = null;
  for (const line of ts.split('\n')) {
    if (line.startsWith('/**')) {
      comment = [line];
      current = null;
    } else if (comment.length && !comment[comment.length - 1].endsWith('*/')) {
      comment.push(line);
    } else if (line.startsWith('export ')) {
      current = { name: /^export (?:type|interface) (\w+)/.exec(line)[1] };
      current.lines = [...comment, line];
      comment = [];
      blocks.push(current);
    } else if (current && line.trim()) {
      current.lines.push(line);
    }
  }
  return blocks.map(({ name, lines }) => ({ name, text: lines.join('\n') }));
}

async function render() {
  const { compile } = require('json-schema-to-typescript');
  const prettier = require('prettier');
  const seen = new Map();
  const parts = [];
  for (const file of Object.keys(NAMES).sort()) {
    const files = fs
      .readdirSync(schemaDir)
      .filter(name => name.endsWith('.schema.json'));
    if (!files.includes(file)) {
      throw new Error(`${file}: no such schema`);
    }
    const schema = JSON.parse(
      fs.readFileSync(path.join(schemaDir, file), 'utf8')
    );
    for (const [pointer, name] of Object.entries(NAMES[file])) {
      at(schema, pointer).title = name;
    }
    for (const [name, pointers] of Object.entries(SHARED[file] ?? {})) {
      share(schema, file, name, pointers);
    }
    plainRefs(schema);
    const ts = await compile(schema, NAMES[file][''], {
      bannerComment: '',
      format: true,
      style: { singleQuote: true },
      // minItems would turn every list into a tuple type the code cannot build.
      ignoreMinAndMaxItems: true,
      unknownAny: true,
      cwd: schemaDir
    });
    for (const { name, text } of declarations(ts)) {
      const earlier = seen.get(name);
      if (earlier === undefined) {
        seen.set(name, text);
        parts.push(text);
      } else if (earlier !== text) {
        // Two schemas state the same part (the rule condition): they must agree.
        throw new Error(`${file}: ${name} differs from the earlier schema's`);
      }
    }
  }
  const header =
    '// GENERATED by scripts/generate-schema-types.js from\n' +
    '// jupyterlab_convert_doctor/knowledge/schema/*.schema.json: do not edit.\n' +
    '// Run `jlpm build:schema` after changing a schema.\n';
  const options = (await prettier.resolveConfig(targetPath)) ?? {};
  return prettier.format(`${header}\n${parts.join('\n\n')}\n`, {
    ...options,
    filepath: targetPath
  });
}

async function main() {
  writeOrCheck(targetPath, await render(), 'jlpm build:schema');
}

main().catch(err => {
  console.error(err.message);
  process.exit(1);
});
