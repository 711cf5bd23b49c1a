"""The knowledge data, checked and ready to use (src/core/knowledgeBase.ts): compiled error
signatures, rules, the watched packages and the fix recipes, read from the same
knowledge/*.json files as the TypeScript core."""

import functools
import json
from pathlib import Path

from .alias_groups import expand_rule, expand_signature, read_alias_groups
from .classifier import compile_signatures, diagnose
from .env_report import read_watch_list, watch_list
from .fix_cell import MAX_SOURCE_SCAN, guess_parameters, read_recipes, recipes_for, render_fix_cell
from .jstext import to_units, from_units
from .rules import evaluate_rules

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"
_DOCUMENTS = ("rules", "signatures", "packages", "recipes")


def _list_of(document, key, file):
    items = document.get(key) if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise ValueError(f'{file}: "{key}" must be an array')
    return items


class KnowledgeBase:
    """Built once per process from the four knowledge documents; raises ValueError naming the
    file and entry when one is not usable."""

    def __init__(self, data):
        _list_of(data.get("rules"), "rules", "rules.json")
        _list_of(data.get("signatures"), "signatures", "signatures.json")
        self.packages = read_watch_list(data.get("packages"))
        # "@tensorflow" in a condition stands for the group's members: expanded once, here.
        groups = read_alias_groups(data["packages"].get("aliases"), [p["distribution"] for p in self.packages])
        rules, signatures = data["rules"], data["signatures"]
        self.rules = {**rules, "rules": [expand_rule(rule, groups) for rule in rules["rules"]]}
        self.signatures = compile_signatures(
            {**signatures, "signatures": [expand_signature(s, groups) for s in signatures["signatures"]]}
        )
        self.recipes = read_recipes(data.get("recipes"))
        self._categories_by_rule = {rule["id"]: rule["categories"] for rule in self.rules["rules"]}

    def diagnose(self, error, env=None, source=None):
        """Classify a failing cell's error ({"ename", "evalue", "traceback": [lines]}, ANSI
        allowed); `env` (an env report) refines it and adds the findings that explain it;
        `source` (the failing cell's, when known) tells which recipes fit."""
        return diagnose(error, env, self, source)

    def evaluate_rules(self, env):
        """The findings of every rule that fires on `env`, worst first."""
        return evaluate_rules(env, self.rules)

    def rule_categories(self, rule_id):
        return self._categories_by_rule.get(rule_id, [])

    def watch_list(self, extra_packages=()):
        """The shipped watch-list plus extra `name[:module,...]` entries."""
        return watch_list(self.packages, extra_packages)

    def recipe(self, recipe_id):
        for recipe in self.recipes:
            if recipe["id"] == recipe_id:
                return recipe
        known = ", ".join(r["id"] for r in self.recipes)
        raise KeyError(f"unknown recipe {recipe_id!r}; known recipes: {known}")

    def recipes_for(self, diagnosis):
        """The recipes `diagnosis` offers (its `recipes`: those that fit its context), best first."""
        return recipes_for(diagnosis, self.recipes)

    def fix_cell(self, recipe_id, diagnosis, cell_source=None, env=None):
        """{"source", "metadata", "missing"} of the fix cell the annotation inserts below a failing
        cell: paths guessed from the cell's source (its first 100 KiB), tagged with the
        diagnosis' category. `env` is accepted for symmetry; the cell does not depend on it."""
        recipe = self.recipe(recipe_id)
        values = {}
        if cell_source:
            values = guess_parameters(recipe, from_units(to_units(cell_source[:MAX_SOURCE_SCAN])[:MAX_SOURCE_SCAN]))
        category = (diagnosis or {}).get("category")
        return render_fix_cell(recipe, values, category=category)

    def render_fix_cell(self, recipe_id, diagnosis, cell_source=None, env=None):
        """The fix cell's source, exactly as the TypeScript core renders it."""
        return self.fix_cell(recipe_id, diagnosis, cell_source, env)["source"]


def load_knowledge(directory=KNOWLEDGE_DIR):
    """A KnowledgeBase from the knowledge/*.json files of `directory`."""
    data = {}
    for name in _DOCUMENTS:
        with open(Path(directory) / f"{name}.json", encoding="utf-8") as f:
            data[name] = json.load(f)
    return KnowledgeBase(data)


@functools.lru_cache(maxsize=1)
def shipped_knowledge():
    """The knowledge base of the files shipped in this package, loaded once."""
    return load_knowledge()
