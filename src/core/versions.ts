/**
 * PEP 440 matching for the rules (via @renovatebot/pep440, not hand-written comparisons).
 *
 * Versions are compared on their release segment: a pre-release, dev build or local build
 * (`2.16.0rc1`, `2.9.0.dev20250101`, `2.5.1+cu121`) behaves like the release it leads to
 * for compatibility purposes, which is what a rule about "TF >= 2.16" means.
 */
import { explain, parse, satisfies, validRange } from '@renovatebot/pep440';

/** The release segment of a PEP 440 version (`2.16.0rc1+cpu` -> `2.16.0`), or null if invalid. */
export function releaseOf(version: string): string | null {
  const parsed = parse(version.trim());
  if (!parsed) {
    return null;
  }
  const release = parsed.release.join('.');
  return parsed.epoch ? `${parsed.epoch}!${release}` : release;
}

/** True if the specifier set (e.g. `>=2.9,<2.16`) is valid PEP 440. */
export function isValidSpecifier(specifier: string): boolean {
  return validRange(specifier);
}

/** Memo of matches(): rules re-test the same few (version, specifier) pairs on every report. */
const matchCache = new Map<string, boolean>();
const MATCH_CACHE_LIMIT = 10000;

/**
 * Does `version` satisfy `specifier`? False for an unparsable version (a rule must not
 * fire on a version it cannot read); throws for an invalid specifier (a data error).
 */
export function matches(version: string, specifier: string): boolean {
  const key = `${version}\u0000${specifier}`;
  const cached = matchCache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  if (!validRange(specifier)) {
    throw new Error(`invalid PEP 440 specifier: ${JSON.stringify(specifier)}`);
  }
  const release = releaseOf(version);
  const result =
    release !== null && satisfies(release, specifier, { prereleases: true });
  if (matchCache.size >= MATCH_CACHE_LIMIT) {
    matchCache.clear();
  }
  matchCache.set(key, result);
  return result;
}

/**
 * Two versions name the same release, ignoring local build tags (`2.5.1+cu121`) and trailing
 * release segments one side leaves out: modules often report fewer segments than their
 * distribution (cv2.__version__ `4.12.0` for opencv-python-headless `4.12.0.88`).
 */
export function sameVersion(a: string, b: string): boolean {
  const pa = explain(a.trim());
  const pb = explain(b.trim());
  if (!pa || !pb) {
    return a.trim() === b.trim();
  }
  const n = Math.min(pa.release.length, pb.release.length);
  const samePrefix = pa.release
    .slice(0, n)
    .every((x, i) => x === pb.release[i]);
  const samePre =
    JSON.stringify([pa.pre, pa.post, pa.dev]) ===
    JSON.stringify([pb.pre, pb.post, pb.dev]);
  return samePrefix && samePre && pa.epoch === pb.epoch;
}
