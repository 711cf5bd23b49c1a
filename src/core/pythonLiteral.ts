/**
 * Python source text for values that end up in cells the user reads and runs: pure printable
 * ASCII, so a line separator (U+2028), a bidi control (U+202E) or a look-alike letter cannot
 * make the cell read differently from how it runs. The same escapes as Python's `ascii()`
 * (jupyterlab_convert_doctor/recipes/catalog.py writes the same literals).
 */

const NAMED: { [char: string]: string } = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t'
};

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/**
 * `text` with everything outside printable ASCII written as a Python escape (`\x7f`,
 * `\u2028`, `\U0001f600`); in a literal (`named`) also `\`, `"`, `\n`, `\r`, `\t`.
 */
function escapeForPython(text: string, named: boolean): string {
  let out = '';
  // for..of walks code points; a lone surrogate comes alone and is written as \udXXX, which
  // Python reads as the same lone surrogate.
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (named && NAMED[char] !== undefined) {
      out += NAMED[char];
    } else if (code >= 0x20 && code < 0x7f) {
      out += char;
    } else if (code < 0x100) {
      out += `\\x${hex(code, 2)}`;
    } else if (code < 0x10000) {
      out += `\\u${hex(code, 4)}`;
    } else {
      out += `\\U${hex(code, 8)}`;
    }
  }
  return out;
}

/** A Python str literal that evaluates to `text`, in printable ASCII. */
export function pythonStringLiteral(text: string): string {
  return `"${escapeForPython(text, true)}"`;
}

/**
 * Text for a `#` comment: one line (a newline would end the comment and start code), and in
 * printable ASCII like the literals.
 */
export function pythonComment(text: string): string {
  return escapeForPython(text.replace(/[\r\n]+/g, ' '), false);
}
