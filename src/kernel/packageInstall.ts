/**
 * Tells whether a cell's source changed the kernel's packages (`%pip install`, `!pip install`,
 * `!uv pip install`, `%conda install`, a `%%bash` cell running pip…): the inspector re-probes
 * after such a cell.
 *
 * It runs on the page's main thread for the code of every execute request of any client, so it
 * is a linear word scan over a bounded prefix (no regex that could backtrack over the input).
 */

// An install command is short and near the start of its cell and line; past these bounds
// nothing is examined, so a huge cell costs no more than a normal one.
const MAX_SOURCE = 32_000;
const MAX_LINE = 4_000;

// A command word (its basename: `/usr/bin/pip3` counts) that manages packages, and the verb
// right after it. `python -m pip install`, `uv pip install` and `{sys.executable} -m pip
// install` all have `pip install` in them.
const MANAGER = /^(?:pip[\d.]*|conda|mamba|micromamba)$/;
const VERB = /^(?:install|uninstall|remove|update|upgrade|sync)\b/;

// Cheap pre-checks: most cells and lines hold none of these words.
const ANY_VERB = /install|remove|update|upgrade|sync/;
const ANY_MANAGER = /pip|conda|mamba/;

// Shell word separators.
const SEPARATORS = /[\s;&|()]+/;

// `x = !cmd` / `a, b = !cmd`: what may stand before the `!`/`%` of a line command.
const ASSIGNMENT = /^[\w, ]+=\s*$/;

// Cell magics whose body is shell script.
const SHELL_CELL = /^\s*%%(?:bash|sh|script\s+\S*(?:ba)?sh\b|system)/;

/** True when the cell source runs a pip/conda/uv/mamba install (or uninstall/update). */
export function ranPackageInstall(source: string): boolean {
  const examined = source.slice(0, MAX_SOURCE);
  if (!ANY_VERB.test(examined) || !ANY_MANAGER.test(examined)) {
    return false;
  }
  const lines = examined.split('\n');
  const shellCell = SHELL_CELL.test(lines[0].slice(0, MAX_LINE));
  return lines.some((line, index) => {
    const trimmed = line.slice(0, MAX_LINE).trim();
    if (trimmed.startsWith('#')) {
      return false;
    }
    // `!cmd`, `%pip …`, `%conda …`, `x = !cmd`, or any line of a shell cell.
    const command = lineCommand(trimmed);
    const text = command ?? (shellCell && index > 0 ? trimmed : undefined);
    return text !== undefined && runsInstall(text);
  });
}

/** The command of a `!cmd` / `%magic` line (`%%` is a cell magic, not a line command). */
function lineCommand(line: string): string | undefined {
  const bang = line.indexOf('!');
  const percent = line.indexOf('%');
  const at = bang < 0 ? percent : percent < 0 ? bang : Math.min(bang, percent);
  if (at < 0 || line[at + 1] === '%') {
    return undefined;
  }
  const before = line.slice(0, at);
  return before === '' || ASSIGNMENT.test(before)
    ? line.slice(at + 1)
    : undefined;
}

function runsInstall(command: string): boolean {
  if (!ANY_MANAGER.test(command)) {
    return false;
  }
  const words = command.split(SEPARATORS);
  for (let i = 0; i + 1 < words.length; i++) {
    const word = words[i];
    const base = word.slice(word.lastIndexOf('/') + 1);
    if (MANAGER.test(base) && VERB.test(words[i + 1])) {
      return true;
    }
  }
  return false;
}
