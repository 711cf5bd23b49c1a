/**
 * Python distribution names: the one syntax check and the one normalisation, used wherever a
 * name is read (settings, extra packages, knowledge conditions, the watch-list), and the one
 * grammar of an "extra package" setting.
 */

/** Bounded to 200 characters so untrusted input (settings, the CLI) cannot grow the probe request. */
const NAME_TAIL = '(?:[A-Za-z0-9._-]{0,198}[A-Za-z0-9])?';
const NAME = `[A-Za-z0-9]${NAME_TAIL}`;
/** A name whose module can be guessed (`-`/`.` → `_`): a module cannot start with a digit. */
const GUESSABLE_NAME = `[A-Za-z]${NAME_TAIL}`;
const MODULE = '[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*';

/** PEP 508 distribution name; anything else could not be installed and is refused. */
export const DISTRIBUTION_NAME = new RegExp(`^${NAME}$`);

/** A dotted Python module name (`cv2`, `sklearn.utils`). */
export const MODULE_NAME = new RegExp(`^${MODULE}$`);

/**
 * Exactly the "extra package" settings that parseExtraPackage (envReport.ts) accepts: `name`
 * (its module guessed from the name) or `name:module[,module…]`, blanks around the parts
 * allowed. schema/inspector.json holds a copy of this source (JSON cannot import it): a test
 * keeps the two equal, and checks both against the parser on a table of inputs.
 */
export const EXTRA_PACKAGE = new RegExp(
  `^\\s*(?:${GUESSABLE_NAME}\\s*(?::\\s*)?|${NAME}\\s*:\\s*${MODULE}(?:\\s*,\\s*${MODULE})*\\s*)$`
);

/** PEP 503 normalisation, so `tf_keras`, `TF-Keras` and `tf-keras` are one distribution. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
