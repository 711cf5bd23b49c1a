/**
 * The environment probe's request and reply: builds the one `user_expressions` expression that
 * runs the embedded probe (env_probe.py) in a fresh namespace, and turns the reply into a
 * validated IEnvReport. Framework-free: the kernel channel, the CLI and the tests use it.
 */
import {
  DISTRIBUTION_NAME,
  MODULE_NAME,
  normalizeName
} from './distributionName';
import type { IPackageEntry, IPackagesFile } from './knowledge';
import { PROBE_SOURCE } from './probeSource';
import {
  ENV_REPORT_SCHEMA_VERSION,
  HostKind,
  ICudaInfo,
  IEnvReport,
  IPackageState,
  IPythonInfo
} from './types';

/** The key of the probe in the execute request's `user_expressions`. */
export const PROBE_EXPRESSION_KEY = 'convert_doctor_env';

/** One watched distribution and the modules whose `__version__` tells what is loaded. */
export type IWatchEntry = Pick<IPackageEntry, 'distribution' | 'modules'>;

/** A reply that is not a usable EnvReport; the message says what is wrong and where. */
export class EnvReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvReportError';
  }
}

/** The watch-list of a knowledge/packages.json document. */
export function readWatchList(document: unknown): IWatchEntry[] {
  const packages = (document as IPackagesFile | null)?.packages;
  if (!Array.isArray(packages)) {
    throw new Error('packages.json: "packages" must be an array');
  }
  return packages.map((entry, index) => {
    if (
      typeof entry?.distribution !== 'string' ||
      !Array.isArray(entry.modules) ||
      !entry.modules.every(module => typeof module === 'string')
    ) {
      throw new Error(
        `packages.json: packages[${index}] needs a distribution and string modules`
      );
    }
    return { distribution: entry.distribution, modules: [...entry.modules] };
  });
}

/**
 * Parses one "extra package" setting: `name` (module guessed as the name with `-` → `_`) or
 * `name:module[,module…]`. Throws EnvReportError for anything that is not a valid name.
 * Accepts exactly what EXTRA_PACKAGE (distributionName.ts, the settings schema) matches.
 */
export function parseExtraPackage(spec: string): IWatchEntry {
  // Split at the first `:` only: a second one is part of a (then invalid) module name.
  const colon = spec.indexOf(':');
  const [distribution, modulesPart] = (
    colon < 0 ? [spec] : [spec.slice(0, colon), spec.slice(colon + 1)]
  ).map(part => part.trim());
  if (!DISTRIBUTION_NAME.test(distribution ?? '')) {
    throw new EnvReportError(`"${spec}" is not a valid distribution name`);
  }
  const modules = modulesPart
    ? modulesPart.split(',').map(module => module.trim())
    : [distribution.toLowerCase().replace(/[-.]/g, '_')];
  for (const module of modules) {
    if (!MODULE_NAME.test(module)) {
      throw new EnvReportError(
        `"${module}" in "${spec}" is not a valid module name`
      );
    }
  }
  return { distribution, modules };
}

/** The shipped watch-list plus extra entries, without duplicate distributions. */
export function watchList(
  shipped: IWatchEntry[],
  extraPackages: string[] = []
): IWatchEntry[] {
  const entries = shipped.map(entry => ({ ...entry }));
  const seen = new Set(entries.map(entry => normalizeName(entry.distribution)));
  for (const spec of extraPackages) {
    const entry = parseExtraPackage(spec);
    if (!seen.has(normalizeName(entry.distribution))) {
      seen.add(normalizeName(entry.distribution));
      entries.push(entry);
    }
  }
  return entries;
}

// Runs inside exec() in the fresh namespace: the only place where the probe may fail, so
// everything is caught and the result is always a JSON display object (or a plain dict).
const PROBE_WRAPPER = `
try:
    exec(compile(source, '<convert-doctor probe>', 'exec'), globals())
    result = probe_environment(watch)
    # Anything the kernel could not send as UTF-8 JSON would leave the request unanswered.
    import json
    json.dumps(result, ensure_ascii=False, allow_nan=False).encode('utf-8')
except BaseException as exc:
    try:
        result = {'probe_failed': ('%s: %s' % (type(exc).__name__, exc))[:500]}
    except BaseException:
        result = {'probe_failed': 'unprintable error'}
try:
    from IPython.display import JSON
    result = JSON(result)
except BaseException:
    pass
`;

/** A JSON string literal is also a valid Python str literal (same escapes). */
function pythonLiteral(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * The `user_expressions` value that runs the probe. It only calls `builtins.exec` on a fresh
 * dict (nothing in the user's namespace, shadowed names in it don't matter) and cannot raise.
 * `source` is the embedded env_probe.py; tests pass a failing one.
 */
export function buildProbeExpression(
  watch: IWatchEntry[],
  source: string = PROBE_SOURCE
): string {
  const namespace =
    `{'__name__': '__convert_doctor_probe__', ` +
    `'source': ${pythonLiteral(source)}, 'watch': ${pythonLiteral(watch)}}`;
  return (
    `(lambda b, ns: (b.exec(${pythonLiteral(PROBE_WRAPPER)}, ns), ns.get('result'))[1])` +
    `(__import__('builtins'), ${namespace})`
  );
}

type Json = unknown;

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `where.key`, or `where["odd key"]` when the key is not a plain name (bounded, one line). */
function field(where: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]{0,79}$/.test(key)
    ? `${where}.${key}`
    : `${where}[${describe(key)}]`;
}

function fail(where: string, expected: string, value: Json): never {
  throw new EnvReportError(
    `${where}: expected ${expected}, got ${describe(value)}`
  );
}

function expectObject(value: Json, where: string): { [key: string]: Json } {
  return isObject(value) ? value : fail(where, 'an object', value);
}

function expectString(value: Json, where: string): string {
  return typeof value === 'string' ? value : fail(where, 'a string', value);
}

function expectNullableString(value: Json, where: string): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  return typeof value === 'string'
    ? value
    : fail(where, 'a string or null', value);
}

function expectStringArray(value: Json, where: string): string[] {
  if (!Array.isArray(value)) {
    fail(where, 'an array', value);
  }
  return value.map((item, i) => expectString(item, `${where}[${i}]`));
}

/** A fresh map of `value`'s entries; keys like `__proto__` stay plain keys. */
function mapOf<T>(
  value: Json,
  where: string,
  item: (value: Json, where: string) => T
): { [key: string]: T } {
  const map: { [key: string]: T } = {};
  for (const [key, entry] of Object.entries(expectObject(value, where))) {
    Object.defineProperty(map, key, {
      value: item(entry, field(where, key)),
      enumerable: true,
      writable: true,
      configurable: true
    });
  }
  return map;
}

function describe(value: Json): string {
  if (value === undefined) {
    return 'nothing';
  }
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'string') {
    return (
      JSON.stringify(value.slice(0, 40)) + (value.length > 40 ? '...' : '')
    );
  }
  return typeof value;
}

const HOSTS: HostKind[] = ['colab', 'kaggle', 'sagemaker', 'local'];

function parsePython(value: Json): IPythonInfo {
  const python = expectObject(value, 'python');
  const info: IPythonInfo = {
    version: expectString(python.version, 'python.version'),
    implementation: expectString(
      python.implementation,
      'python.implementation'
    ),
    executable: expectString(python.executable, 'python.executable'),
    platform: expectString(python.platform, 'python.platform'),
    env_kind: expectString(python.env_kind, 'python.env_kind')
  };
  if (python.prefix !== undefined) {
    info.prefix = expectString(python.prefix, 'python.prefix');
  }
  return info;
}

function parsePackageState(value: Json, where: string): IPackageState {
  const entry = expectObject(value, where);
  const state: IPackageState = {
    installed: expectNullableString(entry.installed, `${where}.installed`),
    loaded: expectNullableString(entry.loaded, `${where}.loaded`)
  };
  if (entry.also_provided_by !== undefined) {
    state.also_provided_by = expectStringArray(
      entry.also_provided_by,
      `${where}.also_provided_by`
    );
  }
  return state;
}

function parseCuda(value: Json): ICudaInfo {
  const cuda = expectObject(value, 'cuda');
  return {
    driver: expectNullableString(cuda.driver, 'cuda.driver'),
    env: mapOf(cuda.env ?? {}, 'cuda.env', expectString),
    wheels: mapOf(cuda.wheels ?? {}, 'cuda.wheels', expectString),
    cuda_runtime: expectNullableString(cuda.cuda_runtime, 'cuda.cuda_runtime'),
    cudnn: expectNullableString(cuda.cudnn, 'cuda.cudnn'),
    libraries: expectStringArray(cuda.libraries ?? [], 'cuda.libraries')
  };
}

/** A report whose sections other than `packages` may be absent (a hand-written one). */
export type PartialEnvReport = Pick<IEnvReport, 'packages'> &
  Partial<IEnvReport>;

/**
 * Validates an environment report: the probe's output (the `application/json` data), or with
 * `partial` a report given to the CLI, where only `packages` is needed and the other
 * sections are checked when present. Throws EnvReportError naming the bad field in one line
 * (`packages.numpy.installed: expected a string or null, got number`).
 */
export function parseEnvReport(data: Json): IEnvReport;
export function parseEnvReport(
  data: Json,
  options: { partial: true }
): PartialEnvReport;
export function parseEnvReport(
  data: Json,
  options: { partial?: boolean } = {}
): PartialEnvReport {
  const report = expectObject(data, 'the probe report');
  if (typeof report.probe_failed === 'string') {
    throw new EnvReportError(
      `the probe failed in the kernel: ${report.probe_failed.replace(/\s+/g, ' ')}`
    );
  }
  const optional = (key: string) =>
    options.partial === true && report[key] === undefined;
  if (
    !optional('schema_version') &&
    report.schema_version !== ENV_REPORT_SCHEMA_VERSION
  ) {
    throw new EnvReportError(
      `unsupported report schema_version ${describe(report.schema_version)}` +
        ` (expected ${ENV_REPORT_SCHEMA_VERSION})`
    );
  }
  const parsed: PartialEnvReport = {
    packages: mapOf(report.packages, 'packages', parsePackageState)
  };
  if (!optional('schema_version')) {
    parsed.schema_version = ENV_REPORT_SCHEMA_VERSION;
  }
  if (!optional('python')) {
    parsed.python = parsePython(report.python);
  }
  if (!optional('host')) {
    const host = report.host as HostKind;
    if (!HOSTS.includes(host)) {
      fail('host', `one of ${HOSTS.join(', ')}`, host);
    }
    parsed.host = host;
  }
  if (!optional('cuda')) {
    parsed.cuda = parseCuda(report.cuda);
  }
  if (!optional('probe_ms')) {
    const probeMs = report.probe_ms;
    if (
      typeof probeMs !== 'number' ||
      !Number.isFinite(probeMs) ||
      probeMs < 0
    ) {
      fail('probe_ms', 'a non-negative number', probeMs);
    }
    parsed.probe_ms = probeMs;
  }
  parsed.errors = expectStringArray(report.errors ?? [], 'errors');
  return parsed;
}

/**
 * The IEnvReport from an execute reply's `user_expressions` (the whole map, as the kernel sent
 * it). Throws EnvReportError saying what was wrong.
 */
export function parseProbeReply(userExpressions: Json): IEnvReport {
  const expressions = expectObject(userExpressions ?? null, 'user_expressions');
  const result = expressions[PROBE_EXPRESSION_KEY];
  if (result === undefined) {
    throw new EnvReportError(
      `the reply has no "${PROBE_EXPRESSION_KEY}" user expression`
    );
  }
  const entry = expectObject(result, 'the probe expression result');
  if (entry.status === 'error') {
    const ename = typeof entry.ename === 'string' ? entry.ename : 'Error';
    const evalue = typeof entry.evalue === 'string' ? entry.evalue : '';
    throw new EnvReportError(
      `the probe expression raised ${ename}: ${evalue}`.trim()
    );
  }
  if (entry.status !== 'ok') {
    throw new EnvReportError(
      `the probe expression status is ${describe(entry.status)}`
    );
  }
  const data = expectObject(entry.data, 'the probe expression data');
  if (!('application/json' in data)) {
    const plain =
      typeof data['text/plain'] === 'string' ? data['text/plain'] : '';
    throw new EnvReportError(
      'the probe reply has no application/json data' +
        (plain ? ` (text/plain: ${plain.slice(0, 200)})` : '')
    );
  }
  return parseEnvReport(data['application/json']);
}
