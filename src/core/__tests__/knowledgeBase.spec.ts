import packages from '../../../jupyterlab_convert_doctor/knowledge/packages.json';
import recipes from '../../../jupyterlab_convert_doctor/knowledge/recipes.json';
import rules from '../../../jupyterlab_convert_doctor/knowledge/rules.json';
import signatures from '../../../jupyterlab_convert_doctor/knowledge/signatures.json';
import { KnowledgeBase } from '../knowledgeBase';
import { SHIPPED_KNOWLEDGE } from '../shippedKnowledge';

const shipped = { packages, recipes, rules, signatures };

describe('KnowledgeBase', () => {
  it('holds every shipped rule, signature, package and recipe', () => {
    expect(SHIPPED_KNOWLEDGE.rules.rules.length).toBe(rules.rules.length);
    expect(SHIPPED_KNOWLEDGE.signatures.length).toBe(
      signatures.signatures.length
    );
    expect(SHIPPED_KNOWLEDGE.packages.length).toBe(packages.packages.length);
    expect(SHIPPED_KNOWLEDGE.recipes.map(r => r.id)).toEqual(
      recipes.recipes.map(r => r.id)
    );
  });

  it('maps a rule to the categories it explains', () => {
    const rule = rules.rules.find(r => r.categories.length > 0)!;
    expect(SHIPPED_KNOWLEDGE.ruleCategories(rule.id)).toEqual(rule.categories);
    expect(SHIPPED_KNOWLEDGE.ruleCategories('no-such-rule')).toEqual([]);
  });

  it('expands an alias group ("@tensorflow") to its members, in order', () => {
    const named = rules.rules.filter(r =>
      JSON.stringify(r.when).includes('"@tensorflow"')
    );
    expect(named.length).toBeGreaterThan(10);
    for (const rule of named) {
      const loaded = SHIPPED_KNOWLEDGE.rules.rules.find(r => r.id === rule.id)!;
      const text = JSON.stringify(loaded.when);
      expect(text).not.toContain('"@');
      expect(text).toContain(JSON.stringify(packages.aliases.tensorflow));
    }
  });

  it('adds extra packages to the shipped watch-list once', () => {
    const list = SHIPPED_KNOWLEDGE.watchList(['onnx', 'pillow:PIL']);
    expect(list.length).toBe(packages.packages.length + 1);
    expect(SHIPPED_KNOWLEDGE.packages.length).toBe(packages.packages.length);
  });

  it.each([
    [
      'rules',
      { ...shipped, rules: {} },
      /rules\.json: "rules" must be an array/
    ],
    [
      'signatures',
      { ...shipped, signatures: null },
      /signatures\.json: "signatures" must be an array/
    ],
    [
      'a signature regex',
      {
        ...shipped,
        signatures: {
          signatures: [
            {
              ...signatures.signatures[0],
              patterns: [{ regex: '(', weight: 1, scope: 'error' }]
            }
          ]
        }
      },
      new RegExp(`signature ${signatures.signatures[0].id}:`)
    ],
    [
      'an unknown alias group',
      {
        ...shipped,
        rules: {
          ...rules,
          rules: [{ ...rules.rules[0], when: [{ package: ['@tensorflw'] }] }]
        }
      },
      new RegExp(
        `rules\\.json: rule "${rules.rules[0].id}": unknown alias group "@tensorflw" \\(packages\\.json "aliases" defines @tensorflow, `
      )
    ],
    [
      'an alias group with an unwatched member',
      {
        ...shipped,
        packages: {
          ...packages,
          aliases: { tensorflow: ['tensorflow', 'tf-nightly'] }
        }
      },
      /packages\.json: aliases "tensorflow" lists "tf-nightly", not in "packages"/
    ],
    ['packages', { ...shipped, packages: [] }, /packages\.json/],
    ['recipes', { ...shipped, recipes: { recipes: 3 } }, /recipes\.json/]
  ])('refuses broken %s with a message naming the file', (_, data, message) => {
    expect(() => new KnowledgeBase(data)).toThrow(message);
  });
});
