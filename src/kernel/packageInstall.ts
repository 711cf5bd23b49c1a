/**
 * Tells whether a cell's source changed the kernel's packages (`%pip install`, `!pip install`,
 * `!uv pip install`, `%conda install`, a `%%bash` cell running pip…): the inspector re-probes
 * after such a cell.
 */

// A package-manager command that adds, removes or changes packages.
const INSTALL_COMMAND =
  /(?:^|[\s;&|(])(?:(?:\S*\/)?python[\d.]*\s+-m\s+pip|\{[^}]*\}\s+-m\s+pip|-m\s+pip|\$\S+\s+-m\s+pip|pip[\d.]*|uv\s+pip|conda|mamba|micromamba)\s+(?:install|uninstall|remove|update|upgrade|sync)\b/;

// Cell magics whose body is shell script.
const SHELL_CELL = /^\s*%%(?:bash|sh|script\s+\S*(?:ba)?sh\b|system)/;

/** True when the cell source runs a pip/conda/uv/mamba install (or uninstall/update). */
export function ranPackageInstall(source: string): boolean {
  const lines = source.split(/\r?\n/);
  const shellCell = SHELL_CELL.test(lines[0] ?? '');
  return lines.some((line, index) => {
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) {
      return false;
    }
    // `!cmd`, `%pip …`, `%conda …`, `x = !cmd`, or any line of a shell cell.
    const command = /^(?:[\w, ]+=\s*)?[!%](?!%)(.*)$/.exec(trimmed)?.[1];
    const text = command ?? (shellCell && index > 0 ? trimmed : undefined);
    return text !== undefined && INSTALL_COMMAND.test(` ${text}`);
  });
}
