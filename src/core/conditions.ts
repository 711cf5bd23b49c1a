/**
 * Evaluates the declarative conditions of the knowledge data (see `Condition` in knowledge.ts)
 * against an environment report. Generic: no rule- or signature-specific code lives here.
 */
import { normalizeName } from './distributionName';
import { Condition, DistributionNames } from './knowledge';
import { IEnvReport, IPackageState } from './types';
import { matches, releaseOf, sameVersion } from './versions';

/** What made a condition hold: distribution -> version (null when it held by absence). */
export type Witness = { [distribution: string]: string | null };

/** The report's packages keyed by normalised name (computed once per report). */
const normalizedCache = new WeakMap<IEnvReport, Map<string, IPackageState>>();

function packagesOf(report: IEnvReport): Map<string, IPackageState> {
  let map = normalizedCache.get(report);
  if (!map) {
    map = new Map();
    for (const [name, state] of Object.entries(report.packages ?? {})) {
      // Present = its metadata is installed. A `loaded` version without metadata comes from a
      // module another distribution provides (tensorflow-cpu's `tensorflow`), not from this one.
      if (state && state.installed) {
        map.set(normalizeName(name), state);
      }
    }
    normalizedCache.set(report, map);
  }
  return map;
}

/** The first of `names` present in the report. */
export function findPackage(
  report: IEnvReport,
  names: DistributionNames
): { name: string; state: IPackageState } | null {
  const map = packagesOf(report);
  for (const name of names) {
    const state = map.get(normalizeName(name));
    if (state) {
      return { name: normalizeName(name), state };
    }
  }
  return null;
}

/**
 * Evaluate one condition; returns its witness when it holds, null when it does not. Witness
 * keys are the condition's first (canonical) name, so `{tensorflow}` in a message also
 * names tensorflow-cpu.
 */
export function evaluateCondition(
  cond: Condition,
  report: IEnvReport
): Witness | null {
  if ('package' in cond) {
    const found = findPackage(report, cond.package);
    if (!found) {
      return null;
    }
    const { installed, loaded } = found.state;
    const effective = loaded ?? installed;
    if (
      cond.installed !== undefined &&
      !(installed && matches(installed, cond.installed))
    ) {
      return null;
    }
    if (
      cond.loaded !== undefined &&
      !(loaded && matches(loaded, cond.loaded))
    ) {
      return null;
    }
    if (
      cond.version !== undefined &&
      !(effective && matches(effective, cond.version))
    ) {
      return null;
    }
    return { [normalizeName(cond.package[0])]: effective };
  }
  if ('present' in cond) {
    const found = findPackage(report, cond.present);
    return found
      ? {
          [normalizeName(cond.present[0])]:
            found.state.loaded ?? found.state.installed
        }
      : null;
  }
  if ('absent' in cond) {
    if (findPackage(report, cond.absent)) {
      return null;
    }
    return { [normalizeName(cond.absent[0])]: null };
  }
  if ('python' in cond) {
    const version = report.python?.version;
    return version && matches(version, cond.python)
      ? { python: version }
      : null;
  }
  if ('host' in cond) {
    return cond.host.includes(report.host) ? { host: report.host } : null;
  }
  if ('loaded_differs' in cond) {
    const witness: Witness = {};
    for (const [name, state] of packagesOf(report)) {
      if (
        state.installed &&
        state.loaded &&
        !sameVersion(state.installed, state.loaded)
      ) {
        witness[name] = `installed ${state.installed}, loaded ${state.loaded}`;
      }
    }
    return Object.keys(witness).length ? witness : null;
  }
  if ('versions_differ' in cond) {
    const { a, b, segments } = cond.versions_differ;
    const pa = findPackage(report, a);
    const pb = findPackage(report, b);
    const va = pa && (pa.state.loaded ?? pa.state.installed);
    const vb = pb && (pb.state.loaded ?? pb.state.installed);
    const ra = va && releaseOf(va);
    const rb = vb && releaseOf(vb);
    if (!pa || !pb || !ra || !rb) {
      return null;
    }
    const head = (r: string) =>
      r
        .split('.')
        .concat(['0', '0', '0'])
        .slice(0, segments)
        .map(Number)
        .join('.');
    return head(ra) !== head(rb)
      ? { [normalizeName(a[0])]: va, [normalizeName(b[0])]: vb }
      : null;
  }
  if ('cuda' in cond) {
    const value = report.cuda ? report.cuda[cond.cuda.field] : null;
    if (cond.cuda.absent) {
      return value ? null : { [cond.cuda.field]: null };
    }
    if (!value) {
      return null;
    }
    if (cond.cuda.version !== undefined && !matches(value, cond.cuda.version)) {
      return null;
    }
    return { [cond.cuda.field]: value };
  }
  if ('any' in cond) {
    for (const inner of cond.any) {
      const witness = evaluateCondition(inner, report);
      if (witness) {
        return witness;
      }
    }
    return null;
  }
  if ('not' in cond) {
    return evaluateCondition(cond.not, report) ? null : {};
  }
  throw new Error(`unknown condition: ${JSON.stringify(cond)}`);
}

/** All conditions hold: the merged witness, else null. */
export function evaluateAll(
  conds: Condition[],
  report: IEnvReport
): Witness | null {
  const merged: Witness = {};
  for (const cond of conds) {
    const witness = evaluateCondition(cond, report);
    if (!witness) {
      return null;
    }
    Object.assign(merged, witness);
  }
  return merged;
}
