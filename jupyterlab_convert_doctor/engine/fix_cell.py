"""Renders a recipe (knowledge/recipes.json) into the source of a fix cell (src/core/fixCell.ts):
the recipe's `cell` template with its `{{name}}` placeholders filled, under a header naming the
pinned lanes; and the paths a failing cell's source names, guessed for its parameters."""

from .jsregex import compile_js
from .jstext import from_units, js_key_order, to_units
from .python_literal import python_comment, python_literal
from .recipe_choice import read_fits

FIX_CELL_METADATA_KEY = "convert_doctor"
FIX_CELL_TAG = "convert-doctor-fix"
# Characters of the failing cell's source read to find paths (src/annotation/fixCells.ts).
MAX_SOURCE_SCAN = 100 * 1024

_PLACEHOLDER = compile_js("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\}\\}")
# String literals in Python source ('...' or "...", no triple quotes, no escapes spanning lines).
_STRING_LITERAL = compile_js("(['\"])((?:\\\\.|(?!\\1)[^\\\\\\n]){1,1024})\\1")
# Only inputs come from the cell: a fix must never write over a file the cell reads.
_PATH_KINDS = {"input_path"}
_SUFFIXES = {
    "cfg": compile_js("\\.cfg$", "i"),
    "weights": compile_js("\\.weights$", "i"),
    "onnx": compile_js("\\.onnx$", "i"),
    "tflite": compile_js("\\.tflite$", "i"),
    "model": compile_js("\\.(?:pt|pth|pt2|ckpt)$", "i"),
    "checkpoint": compile_js("\\.(?:pt|pth|ckpt)$", "i"),
    "keras_model": compile_js("\\.(?:keras|h5|hdf5)$", "i"),
    "state_dict": compile_js("\\.(?:pt|pth|bin|safetensors)$", "i"),
    "saved_model": compile_js("saved_?model", "i"),
}
_EXTENSION = compile_js("\\.[^./\\\\]+$")


def render_fix_cell(recipe, values=None, category=None):
    """{"source", "metadata", "missing"} of the fix cell for `recipe` with `values`. A required
    parameter without a value or default becomes `None` and is named in a "fill in" comment;
    inputs whose content runs as code are named in the header; an opt-in parameter (`opt_in`)
    always shows its default under a comment saying what True does. Raises ValueError on a template
    naming a parameter the recipe does not declare (broken data)."""
    values = values or {}
    parameters = recipe["parameters"]
    missing = []
    used = []

    def fill(match):
        name = match.group(1)
        parameter = parameters.get(name)
        if not isinstance(parameter, dict):
            raise ValueError(f'recipe {recipe["id"]}: template names undeclared parameter "{name}"')
        if name not in used:
            used.append(name)
        value = None if parameter.get("opt_in") else values.get(name)
        if value is None:
            value = parameter.get("default")
        if value is None:
            if name not in missing:
                missing.append(name)
            return "None"
        return python_literal(value, parameter.get("kind"))

    body = _PLACEHOLDER.sub(fill, recipe["cell"])
    header = [
        f"# Convert Doctor fix: {python_comment(recipe['title'])} (recipe {python_comment(recipe['id'])})",
        "# Runs in its own pinned venv; nothing is installed into this kernel.",
    ]
    for lane in recipe["lanes"]:
        requirements = " ".join(python_comment(r) for r in lane["requirements"])
        header.append(f"# Python {python_comment(lane['python'])}: {requirements}")
    for name in used:
        executes = parameters[name].get("executes")
        if executes:
            header.append(
                f"# Runs code from {name}: {python_comment(executes)}. Only run this cell on a {name} you trust."
            )
        opt_in = parameters[name].get("opt_in")
        if opt_in:
            header.append(f"# {name}=True {python_comment(opt_in)}.")
    for name in missing:
        description = parameters[name].get("description")
        described = f" ({python_comment(description)})" if description else ""
        header.append(f"# Fill in {name}{described}: it is None below.")
    tag = {"recipe": recipe["id"]}
    if category:
        tag["category"] = category
    return {
        "source": "\n".join(header) + "\n" + body,
        "metadata": {"tags": [FIX_CELL_TAG], FIX_CELL_METADATA_KEY: tag},
        "missing": missing,
    }


def guess_parameters(recipe, source):
    """Values for a recipe's path parameters from the failing cell's source: the last string
    literal whose suffix fits an input parameter's name (never evaluated, never an input that
    runs as code). An output `onnx` is derived from the weights or checkpoint path, an output
    folder from the first input found. `source` is bounded by the caller."""
    literals = [from_units(m.group(2)) for m in _STRING_LITERAL.finditer(to_units(source))]
    parameters = js_key_order(recipe["parameters"])
    guessed = {}
    for name, parameter in parameters.items():
        suffix = _SUFFIXES.get(name)
        if not suffix or str(parameter.get("kind")) not in _PATH_KINDS or parameter.get("executes"):
            continue
        found = [literal for literal in literals if suffix.search(literal)]
        if found:
            guessed[name] = found[-1]
    onnx = parameters.get("onnx")
    model_file = guessed.get("weights", guessed.get("checkpoint"))
    if isinstance(onnx, dict) and onnx.get("kind") == "output_path" and model_file is not None:
        guessed["onnx"] = _EXTENSION.sub("", model_file, count=1) + ".onnx"
    first_input = next((guessed[name] for name in parameters if name in guessed), None)
    for name, parameter in parameters.items():
        if parameter.get("kind") == "output_dir" and first_input is not None:
            guessed[name] = _EXTENSION.sub("", first_input, count=1) + "-" + recipe["id"]
    return guessed


def read_recipes(document):
    """The recipes of a knowledge/recipes.json document, checked for what a fix cell needs."""
    recipes = document.get("recipes") if isinstance(document, dict) else None
    if not isinstance(recipes, list):
        raise ValueError('recipes.json: "recipes" must be an array')
    checked = []
    for index, entry in enumerate(recipes):
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        where = f"recipes.json: recipes[{index}]" + (f" ({entry_id})" if isinstance(entry_id, str) else "")
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("id", "title", "cell")):
            raise ValueError(f"{where}: needs string id, title and cell")
        if not isinstance(entry.get("parameters"), dict):
            raise ValueError(f"{where}: needs a parameters object")
        lanes = entry.get("lanes")
        if not isinstance(lanes, list) or not all(
            isinstance(lane, dict)
            and isinstance(lane.get("python"), str)
            and isinstance(lane.get("requirements"), list)
            and all(isinstance(r, str) for r in lane["requirements"])
            for lane in lanes
        ):
            raise ValueError(f"{where}: lanes need python and string requirements")
        for name, parameter in entry["parameters"].items():
            executes = parameter.get("executes") if isinstance(parameter, dict) else None
            if executes is not None and not isinstance(executes, str):
                raise ValueError(f"{where}: parameter {name}: executes must be a string")
        try:
            fits = read_fits(entry.get("fits"))
        except ValueError as err:
            raise ValueError(f"{where}: {err}") from None
        categories = entry.get("categories")
        checked.append({
            "id": entry["id"],
            "title": entry["title"],
            "cell": entry["cell"],
            "categories": [c for c in categories if isinstance(c, str)] if isinstance(categories, list) else [],
            "fits": fits,
            "parameters": entry["parameters"],
            "lanes": [
                {"id": "" if lane.get("id") is None else str(lane["id"]), "python": lane["python"],
                 "requirements": lane["requirements"]}
                for lane in lanes
            ],
        })
    return checked


def recipes_for(diagnosis, recipes):
    """The recipes a diagnosis offers (its `recipes`, chosen by recipe_choice.py), in that order."""
    by_id = {}
    for recipe in recipes:
        by_id.setdefault(recipe["id"], recipe)
    return [by_id[i] for i in diagnosis.get("recipes", []) if i in by_id]
