/**
 * The ONNX runtime table (knowledge/runtimes.json): which runtime versions load which IR
 * versions and ai.onnx opsets, and the ONNX ops with no TFLite builtin. Pure data checks, so
 * the CLI's `verify` and any later browser use read it the same way.
 */
import type { IRuntimeLimit, IRuntimesFile, ITfliteRuntime } from './_schema';
import { isValidSpecifier, matches } from './versions';

export type {
  IOnnxWriterDefault,
  IRuntimeLimit,
  ITfliteNoBuiltin,
  ITfliteRuntime
} from './_schema';

export type RuntimeName = IRuntimeLimit['runtime'];

/** The parts of knowledge/runtimes.json (runtimes.schema.json) the checks read. */
export type IRuntimeTable = Pick<
  IRuntimesFile,
  | 'runtimes'
  | 'writers'
  | 'tflite_no_builtin'
  | 'tflite_sources'
  | 'tflite_builtin_codes'
  | 'tflite_runtimes'
>;

/** What a model needs from a runtime: its IR version and its opset per domain. */
export interface IModelStamp {
  irVersion: number;
  /** Domain ('' is ai.onnx) -> opset version. */
  opsets: { [domain: string]: number };
}

export interface IRuntimeVerdict {
  runtime: RuntimeName;
  versions: string;
  loads: boolean;
  /** Why not, one line per limit exceeded (empty when it loads). */
  reasons: string[];
  measured: boolean;
}

/** Checks the document's shape (the schema is enforced in CI; this guards the code paths). */
export function readRuntimeTable(document: unknown): IRuntimeTable {
  const table = document as Partial<IRuntimeTable> | null;
  if (
    !table ||
    !Array.isArray(table.runtimes) ||
    !Array.isArray(table.writers) ||
    !Array.isArray(table.tflite_no_builtin) ||
    !Array.isArray(table.tflite_runtimes) ||
    !table.tflite_builtin_codes ||
    typeof table.tflite_builtin_codes !== 'object'
  ) {
    throw new Error(
      'runtimes.json: expected "runtimes", "writers", "tflite_no_builtin" and "tflite_runtimes" arrays and a "tflite_builtin_codes" object'
    );
  }
  table.tflite_runtimes.forEach((entry, i) => {
    const maxima = entry.max_op_versions;
    if (
      !isValidSpecifier(entry.versions) ||
      !maxima ||
      typeof maxima !== 'object' ||
      !Object.keys(maxima).every(
        op => Number.isInteger(maxima[op]) && op in table.tflite_builtin_codes!
      )
    ) {
      throw new Error(`runtimes.json: tflite_runtimes[${i}] is malformed`);
    }
  });
  table.runtimes.forEach((entry, i) => {
    if (
      !isValidSpecifier(entry.versions) ||
      !Number.isInteger(entry.max_ir) ||
      !Number.isInteger(entry.max_opset?.['ai.onnx'])
    ) {
      throw new Error(`runtimes.json: runtimes[${i}] is malformed`);
    }
  });
  return table as IRuntimeTable;
}

/** The ai.onnx opset of a model ('' and 'ai.onnx' are the same domain). */
export function onnxOpset(stamp: IModelStamp): number | null {
  return stamp.opsets[''] ?? stamp.opsets['ai.onnx'] ?? null;
}

/** Every table entry, with whether a runtime of that entry loads a model of this stamp. */
export function runtimeVerdicts(
  table: IRuntimeTable,
  stamp: IModelStamp
): IRuntimeVerdict[] {
  const opset = onnxOpset(stamp);
  return table.runtimes.map(entry => {
    const reasons: string[] = [];
    if (stamp.irVersion > entry.max_ir) {
      reasons.push(`IR ${stamp.irVersion} > max IR ${entry.max_ir}`);
    }
    const max = entry.max_opset['ai.onnx'];
    if (opset !== null && opset > max) {
      reasons.push(`ai.onnx opset ${opset} > max opset ${max}`);
    }
    return {
      runtime: entry.runtime,
      versions: entry.versions,
      loads: reasons.length === 0,
      reasons,
      measured: entry.measured
    };
  });
}

/** The table entry covering one runtime version, if any. */
export function runtimeLimit(
  table: IRuntimeTable,
  runtime: RuntimeName,
  version: string
): IRuntimeLimit | undefined {
  return coveringEntry(table.runtimes, runtime, version);
}

/** The model's ops (ai.onnx domain) that have no TFLite builtin, with the table's note. */
export function tfliteGaps(
  table: IRuntimeTable,
  ops: string[]
): { op: string; note: string }[] {
  const present = new Set(ops);
  return table.tflite_no_builtin.filter(entry => present.has(entry.op));
}

/** A TFLite interpreter distribution of the table (tflite_runtimes). */
export type TfliteRuntimeName = ITfliteRuntime['runtime'];

/** One operator code of a .tflite model: builtin (by code) or custom (by name). */
export interface ITfliteOpUse {
  builtinCode: number | null;
  custom: string | null;
  version: number;
}

export interface ITfliteVerdict {
  runtime: TfliteRuntimeName;
  versions: string;
  measured_versions: string[];
  /** False when an op or op version is missing; true when all ops are known and present. */
  loads: boolean;
  /** Why not, one line per op: `CONCATENATION v5 > max v4` or `GELU is not registered`. */
  reasons: string[];
  /** Ops the entry does not list (not measured): neither a yes nor a no. */
  unknown: string[];
  measured: boolean;
  sources: string[];
}

/** The builtin op name of a code (`BUILTIN_<code>` when the table does not name it). */
export function tfliteOpName(table: IRuntimeTable, code: number): string {
  const codes = table.tflite_builtin_codes;
  const name = Object.keys(codes).find(op => codes[op] === code);
  return name ?? `BUILTIN_${code}`;
}

/** The table entry covering one interpreter version, if any. */
export function tfliteRuntime(
  table: IRuntimeTable,
  runtime: TfliteRuntimeName,
  version: string
): ITfliteRuntime | undefined {
  return coveringEntry(table.tflite_runtimes, runtime, version);
}

/** The entry of a runtime whose PEP 440 range holds the version (the tables never overlap). */
function coveringEntry<T extends { runtime: string; versions: string }>(
  entries: T[],
  runtime: string,
  version: string
): T | undefined {
  return entries.find(
    entry => entry.runtime === runtime && matches(version, entry.versions)
  );
}

/** Every interpreter entry, with whether it has each builtin op at the model's op version. */
export function tfliteVerdicts(
  table: IRuntimeTable,
  ops: ITfliteOpUse[]
): ITfliteVerdict[] {
  return table.tflite_runtimes.map(entry => {
    const reasons: string[] = [];
    const unknown: string[] = [];
    for (const op of ops) {
      if (op.builtinCode === null) {
        // Custom (and Flex) ops need a registration the builtin resolver does not have.
        unknown.push(`custom op ${op.custom}`);
        continue;
      }
      const name = tfliteOpName(table, op.builtinCode);
      const max = entry.max_op_versions[name];
      if (max === undefined) {
        unknown.push(`${name} v${op.version}`);
      } else if (max === 0) {
        reasons.push(`${name} is not registered`);
      } else if (op.version > max) {
        reasons.push(`${name} v${op.version} > max v${max}`);
      }
    }
    return {
      runtime: entry.runtime,
      versions: entry.versions,
      measured_versions: entry.measured_versions,
      loads: reasons.length === 0,
      reasons,
      unknown,
      measured: entry.measured,
      sources: entry.sources
    };
  });
}
