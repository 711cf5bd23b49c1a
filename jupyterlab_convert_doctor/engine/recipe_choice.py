"""Which recipes a diagnosis offers (src/core/recipeChoice.ts): those that fix its category AND
whose context (a recipe's `fits` in knowledge/recipes.json) shows in the failing cell's source or
the traceback. A recipe whose context is absent is never offered."""

import functools

from .jsregex import compile_js
from .jstext import to_units

# Characters (UTF-16 units, as JavaScript counts them) of the failing cell's source read.
MAX_SOURCE_CHARS = 100 * 1024
_TEXT_KEYS = ("source", "traceback", "either")


@functools.lru_cache(maxsize=None)
def _regex(source):
    return compile_js(source, "i")


def _clause_holds(clause, context):
    if "category" in clause and context["category"] not in clause["category"]:
        return False
    texts = {
        "source": [context["source"]],
        "traceback": [context["traceback"]],
        "either": [context["source"], context["traceback"]],
    }
    return all(
        any(_regex(r).search(text) for text in texts[key])
        for key in _TEXT_KEYS
        for r in clause.get(key, ())
    )


def recipe_fits(recipe, context):
    """Whether the recipe's context shows. `context`: {"category", "traceback", "source"}, the
    texts as UTF-16 unit strings (jstext.to_units)."""
    fits = recipe["fits"]
    return any(_clause_holds(c, context) for c in fits["any"]) and not any(
        _clause_holds(c, context) for c in fits["unless"]
    )


def choose_recipes(diagnosis, recipes, traceback, source=None):
    """The ids of the recipes to offer, best first: those the diagnosis' `fixes` name, then those
    whose `categories` list its category, keeping only those that fit. `traceback` is the
    classifier's scan text (UTF-16 units); `source` the failing cell's, when known."""
    if diagnosis["category"] == "unknown":
        return []
    by_id = {}
    for recipe in recipes:
        by_id.setdefault(recipe["id"], recipe)
    named = [by_id[i] for i in diagnosis["fixes"] if i in by_id]
    by_category = [r for r in recipes if diagnosis["category"] in r["categories"] and all(r is not n for n in named)]
    context = {
        "category": diagnosis["category"],
        "traceback": traceback,
        "source": to_units(source if isinstance(source, str) else "")[:MAX_SOURCE_CHARS],
    }
    return [r["id"] for r in named + by_category if recipe_fits(r, context)]


def read_fits(value):
    """A recipe entry's `fits`, checked (ValueError saying what is wrong)."""
    if not isinstance(value, dict) or not isinstance(value.get("any"), list):
        raise ValueError("fits.any must be an array")

    def clauses(items, name):
        if items is None:
            return []
        if not isinstance(items, list):
            raise ValueError(f"fits.{name} must be an array")
        read = []
        for i, clause in enumerate(items):
            checked = {}
            for key in ("category",) + _TEXT_KEYS:
                entries = clause.get(key) if isinstance(clause, dict) else None
                if entries is None:
                    continue
                if not isinstance(entries, list) or not all(isinstance(r, str) for r in entries):
                    raise ValueError(f"fits.{name}[{i}].{key} must be a list of strings")
                if key != "category":
                    for r in entries:
                        _regex(r)
                checked[key] = entries
            read.append(checked)
        return read

    return {"any": clauses(value["any"], "any"), "unless": clauses(value.get("unless"), "unless")}
