/**
 * Python distribution names: the one syntax check and the one normalisation, used wherever a
 * name is read (settings, extra packages, knowledge conditions, the watch-list).
 */

/**
 * PEP 508 distribution name; anything else could not be installed and is refused. Bounded to
 * 200 characters so untrusted input (settings, the CLI) cannot grow the probe request.
 */
export const DISTRIBUTION_NAME =
  /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,198}[A-Za-z0-9])?$/;

/** PEP 503 normalisation, so `tf_keras`, `TF-Keras` and `tf-keras` are one distribution. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
