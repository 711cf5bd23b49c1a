/**
 * Every knowledge data file validates against its JSON Schema (knowledge/schema/<name>.schema.json),
 * and the semantic checks a schema cannot express hold: regexes compile, specifiers are PEP 440,
 * categories are taxonomy ids, fixes name real recipes or pinned requirements.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { compileSignatures } from '../classifier';
import { Condition, IRulesFile, ISignaturesFile } from '../knowledge';
import { isValidSpecifier } from '../versions';

const KNOWLEDGE = path.resolve(
  __dirname,
  '../../../jupyterlab_convert_doctor/knowledge'
);
const SCHEMAS = path.join(KNOWLEDGE, 'schema');

const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const dataFiles = fs.readdirSync(KNOWLEDGE).filter(f => f.endsWith('.json'));

function taxonomyIds(): string[] {
  return read(path.join(KNOWLEDGE, 'taxonomy.json')).categories.map(
    (c: { id: string }) => c.id
  );
}

/** Every `enum` in a schema that lists category ids (it holds a known taxonomy id). */
function categoryEnums(node: unknown): string[][] {
  if (Array.isArray(node)) {
    return node.flatMap(categoryEnums);
  }
  if (node && typeof node === 'object') {
    const found = Object.values(node).flatMap(categoryEnums);
    const en = (node as { enum?: unknown }).enum;
    if (Array.isArray(en) && en.includes('numpy_api_removed')) {
      found.push(en as string[]);
    }
    return found;
  }
  return [];
}

function specifiersOf(cond: Condition): string[] {
  if ('package' in cond) {
    return [cond.version, cond.installed, cond.loaded].filter(
      (s): s is string => !!s
    );
  }
  if ('python' in cond) {
    return [cond.python];
  }
  if ('cuda' in cond) {
    return cond.cuda.version ? [cond.cuda.version] : [];
  }
  if ('any' in cond) {
    return cond.any.flatMap(specifiersOf);
  }
  if ('not' in cond) {
    return specifiersOf(cond.not);
  }
  return [];
}

describe('knowledge data', () => {
  it('has a schema for every data file', () => {
    expect(dataFiles).toEqual(
      expect.arrayContaining(['packages.json', 'rules.json', 'signatures.json'])
    );
    for (const file of dataFiles) {
      expect(
        fs.existsSync(
          path.join(SCHEMAS, file.replace(/\.json$/, '.schema.json'))
        )
      ).toBe(true);
    }
  });

  it.each(dataFiles)('%s validates against its schema', file => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(
      read(path.join(SCHEMAS, file.replace(/\.json$/, '.schema.json')))
    );
    const ok = validate(read(path.join(KNOWLEDGE, file)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects malformed entries (the schemas are not vacuous)', () => {
    const ajv = new Ajv2020({ strict: false });
    const rules = ajv.compile(read(path.join(SCHEMAS, 'rules.schema.json')));
    const good = read(path.join(KNOWLEDGE, 'rules.json'));
    const bad = { ...good, rules: [{ ...good.rules[0], sources: [] }] };
    expect(rules(bad)).toBe(false);
    const sigs = ajv.compile(
      read(path.join(SCHEMAS, 'signatures.schema.json'))
    );
    const goodSigs = read(path.join(KNOWLEDGE, 'signatures.json'));
    expect(
      sigs({
        ...goodSigs,
        signatures: [{ ...goodSigs.signatures[0], category: 'not_a_category' }]
      })
    ).toBe(false);
  });

  it('lists in its schemas exactly the category ids of taxonomy.json', () => {
    const ids = taxonomyIds();
    expect(ids).toContain('unknown');
    const enums = ['rules', 'signatures'].flatMap(name =>
      categoryEnums(read(path.join(SCHEMAS, `${name}.schema.json`)))
    );
    expect(enums.length).toBeGreaterThanOrEqual(2);
    for (const en of enums) {
      expect([...en].sort()).toEqual(
        [...ids].sort().filter(id => en.includes('unknown') || id !== 'unknown')
      );
    }
  });

  it('uses taxonomy ids, valid PEP 440 specifiers, compilable regexes and known fixes', () => {
    const taxonomy = taxonomyIds();
    expect(taxonomy.length).toBeGreaterThan(30);
    const recipes: string[] = fs.existsSync(
      path.join(KNOWLEDGE, 'recipes.json')
    )
      ? read(path.join(KNOWLEDGE, 'recipes.json')).recipes.map(
          (r: { id: string }) => r.id
        )
      : ['darknet-onnx', 'onnx-tflite', 'torch-onnx', 'tf-tflite-select-ops'];
    const knownFix = (fix: string) =>
      recipes.includes(fix) || /^(requirements: |restart the kernel)/.test(fix);

    const rules = read(path.join(KNOWLEDGE, 'rules.json')) as IRulesFile;
    const ruleIds = new Set<string>();
    for (const rule of rules.rules) {
      expect(ruleIds.has(rule.id)).toBe(false);
      ruleIds.add(rule.id);
      for (const c of rule.categories) {
        expect(taxonomy).toContain(c);
      }
      for (const spec of rule.when.flatMap(specifiersOf)) {
        expect([rule.id, spec, isValidSpecifier(spec)]).toEqual([
          rule.id,
          spec,
          true
        ]);
      }
      expect(rule.fix.filter(f => !knownFix(f))).toEqual([]);
    }

    const sigs = read(
      path.join(KNOWLEDGE, 'signatures.json')
    ) as ISignaturesFile;
    expect(() => compileSignatures(sigs)).not.toThrow();
    const sigIds = new Set<string>();
    for (const sig of sigs.signatures) {
      expect(sigIds.has(sig.id)).toBe(false);
      sigIds.add(sig.id);
      expect(taxonomy).toContain(sig.category);
      for (const r of sig.refine ?? []) {
        if (r.category) {
          expect(taxonomy).toContain(r.category);
        }
        for (const spec of (r.when.env ?? []).flatMap(specifiersOf)) {
          expect(isValidSpecifier(spec)).toBe(true);
        }
        expect((r.fixes ?? []).filter(f => !knownFix(f))).toEqual([]);
      }
      expect(sig.fixes.filter(f => !knownFix(f))).toEqual([]);
    }
  });
});
