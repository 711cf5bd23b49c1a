/**
 * A `pip freeze` / `requirements.txt` text as an environment report, so the rules can run on an
 * environment nobody has opened a kernel in (Colab's published freezes, a colleague's
 * requirements). Only exact pins are installed versions; anything else is listed in `errors`,
 * never guessed. The report says where it came from: `python.env_kind` is `freeze`, no
 * version is `loaded`, and no host is claimed (the rules read an absent host as unknown).
 */
import { DISTRIBUTION_NAME, normalizeName } from './distributionName';
import { releaseOf } from './versions';
import { ENV_REPORT_SCHEMA_VERSION, IEnvReport, IPackageState } from './types';

/** The environment kind of a report built from a freeze file. */
export const FREEZE_ENV_KIND = 'freeze';

/** Largest freeze text accepted: a 700-package freeze is ~15 kB; 2 MB is no freeze. */
export const MAX_FREEZE_CHARS = 2 * 1024 * 1024;

/** A text that is not a usable freeze file; the message is one line. */
export class FreezeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FreezeError';
  }
}

/** Version shown for a distribution installed from a URL or editable checkout. */
export const UNKNOWN_VERSION = 'unknown';

// name[extras] (op version)?: pip's requirement line without its marker.
const REQUIREMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)$/;
// A PEP 440 specifier set (`>=2.16,<3`): a real requirement, only not a pin.
const SPECIFIERS =
  /^(?:~=|===|==|!=|<=|>=|<|>)\s*[^\s,]+(?:\s*,\s*(?:~=|===|==|!=|<=|>=|<|>)\s*[^\s,]+)*$/;
// Per-requirement options (`--hash=…`, `--config-settings …`) end the requirement.
const REQUIREMENT_OPTIONS = /\s+--?[A-Za-z].*$/;
const MAX_NOTES = 50;
const MAX_LINE_SHOWN = 80;

/** A line as a short, printable quote for a one-line note. */
function quote(line: string): string {
  const short =
    line.length > MAX_LINE_SHOWN ? line.slice(0, MAX_LINE_SHOWN) + '...' : line;
  return JSON.stringify(short);
}

/** The version in a wheel URL's file name (`torch-2.10.0%2Bcpu-cp312-…whl` → 2.10.0+cpu). */
function wheelVersion(url: string, name: string): string | null {
  const file = url.split(/[?#]/, 1)[0].split('/').pop() ?? '';
  if (!/\.whl$/i.test(file)) {
    return null;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(file);
  } catch {
    return null;
  }
  // Wheel names: {distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl
  const parts = decoded.slice(0, -4).split('-');
  if (parts.length < 5 || normalizeName(parts[0]) !== normalizeName(name)) {
    return null;
  }
  return releaseOf(parts[1]) ? parts[1] : null;
}

/** The `#egg=name` of an editable VCS requirement, if it names one. */
function eggName(line: string): string | null {
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
  return egg ? egg[1].replace(/-[0-9].*$/, '') : null;
}

/** Physical lines → logical lines: a trailing backslash continues a line, as in pip. */
function logicalLines(text: string): { no: number; line: string }[] {
  const out: { no: number; line: string }[] = [];
  let pending = '';
  let start = 0;
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    if (!pending) {
      start = index + 1;
    }
    if (/\\$/.test(raw)) {
      pending += raw.slice(0, -1);
      return;
    }
    out.push({ no: start, line: pending + raw });
    pending = '';
  });
  if (pending) {
    out.push({ no: start, line: pending });
  }
  return out;
}

export interface IFreezeOptions {
  /** The interpreter version the freeze was taken on (X.Y or X.Y.Z), when known. */
  python?: string;
  /** Where the text came from (a file name), shown in the report. */
  source?: string;
}

/**
 * The environment report of a freeze / requirements text. Keys are PEP 503 names; every
 * pinned distribution is `installed` (none `loaded`); `errors` lists, one line each, what was
 * not an installed version. Throws FreezeError for a text that is not a freeze at all (binary,
 * too large, no pin).
 */
export function freezeReport(
  text: string,
  options: IFreezeOptions = {}
): IEnvReport {
  const source = options.source ?? 'the freeze';
  if (text.length > MAX_FREEZE_CHARS) {
    throw new FreezeError(
      `${source} is too large for a pip freeze (${text.length} characters, at most ${MAX_FREEZE_CHARS})`
    );
  }
  // NUL or undecodable bytes (read as U+FFFD): not a text file, so nothing in it is a pin.
  if (text.includes('\u0000') || text.includes('\ufffd')) {
    throw new FreezeError(`${source} is not a text file (binary content)`);
  }
  const python = options.python?.trim();
  if (python !== undefined && !/^\d+\.\d+(?:\.\d+)?$/.test(python)) {
    throw new FreezeError(
      `the Python version must be X.Y or X.Y.Z, got ${quote(python)}`
    );
  }
  const packages: { [name: string]: IPackageState } = {};
  const notes: string[] = [];
  let skipped = 0;
  const note = (message: string) => {
    if (notes.length < MAX_NOTES) {
      notes.push(message);
    } else {
      skipped++;
    }
  };
  const install = (no: number, name: string, version: string) => {
    const key = normalizeName(name);
    // Own keys only: `constructor` or `toString` is a name, not Object.prototype's member.
    const existing = Object.prototype.hasOwnProperty.call(packages, key)
      ? packages[key]
      : undefined;
    if (existing) {
      if (existing.installed !== version) {
        note(
          `line ${no}: ${key} listed again as ${quote(version)}; kept ${existing.installed}`
        );
      }
      return;
    }
    packages[key] = { installed: version, loaded: null };
  };

  for (const { no, line: raw } of logicalLines(text.replace(/^\ufeff/, ''))) {
    // pip: `#` starts a comment at the line start or after whitespace.
    const uncommented = raw.replace(/(?:^|\s)#.*$/, '').trim();
    if (!uncommented) {
      continue;
    }
    if (uncommented.startsWith('-')) {
      // Options (--index-url, -r, -c, -f …) say nothing about what is installed, except an
      // editable install, whose version pip freeze does not write.
      const editable = /^(?:-e|--editable)(?:\s+|=)(.*)$/.exec(uncommented);
      if (editable) {
        const name = eggName(raw);
        if (name) {
          install(no, name, UNKNOWN_VERSION);
          note(
            `line ${no}: ${normalizeName(name)} is an editable install, version unknown (rules on its version cannot run)`
          );
        } else {
          note(
            `line ${no}: editable install without a name, ignored: ${quote(uncommented)}`
          );
        }
      }
      continue;
    }
    const line = uncommented.replace(REQUIREMENT_OPTIONS, '');
    const semicolon = line.indexOf(';');
    const requirement = (
      semicolon < 0 ? line : line.slice(0, semicolon)
    ).trim();
    const marker = semicolon < 0 ? '' : line.slice(semicolon + 1).trim();
    const match = REQUIREMENT.exec(requirement);
    const name = match?.[1];
    if (!match || !name || !DISTRIBUTION_NAME.test(name)) {
      note(`line ${no}: not a requirement, ignored: ${quote(line)}`);
      continue;
    }
    const rest = match[2].trim();
    if (marker) {
      note(
        `line ${no}: ${normalizeName(name)} has an environment marker (${quote(marker)}), not evaluated: taken as installed`
      );
    }
    if (rest.startsWith('@')) {
      const url = rest.slice(1).trim();
      const version = wheelVersion(url, name);
      install(no, name, version ?? UNKNOWN_VERSION);
      if (!version) {
        note(
          `line ${no}: ${normalizeName(name)} is installed from a URL, version unknown (rules on its version cannot run)`
        );
      }
      continue;
    }
    const pin = /^===?\s*([^\s,]+)$/.exec(rest);
    const arbitrary = rest.startsWith('===');
    if (pin && !pin[1].includes('*') && (arbitrary || releaseOf(pin[1]))) {
      install(no, name, pin[1]);
      continue;
    }
    if (rest && !SPECIFIERS.test(rest)) {
      note(`line ${no}: not a requirement, ignored: ${quote(line)}`);
      continue;
    }
    note(
      rest
        ? `line ${no}: ${normalizeName(name)}${rest.replace(/\s+/g, '')} is not a pinned version, not an installed one: ignored`
        : `line ${no}: ${normalizeName(name)} has no version, ignored`
    );
  }
  if (skipped) {
    notes.push(`... and ${skipped} more notes`);
  }
  if (!Object.keys(packages).length) {
    throw new FreezeError(
      `${source} has no installed versions (no \`name==version\` line): is it a pip freeze?`
    );
  }
  // Partial on purpose: no host (unknown) and no CUDA section, which a freeze cannot know.
  return {
    schema_version: ENV_REPORT_SCHEMA_VERSION,
    python: {
      version: python ?? '',
      implementation: '',
      executable: source,
      platform: '',
      env_kind: FREEZE_ENV_KIND
    },
    packages,
    errors: notes
  } as Partial<IEnvReport> as IEnvReport;
}
