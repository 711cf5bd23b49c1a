/**
 * The ONNX runtime table (knowledge/runtimes.json): which runtime versions load which IR
 * versions and ai.onnx opsets, and the ONNX ops with no TFLite builtin. Pure data checks, so
 * the CLI's `verify` and any later browser use read it the same way.
 */
import type { IRuntimeLimit, IRuntimesFile } from './_schema';
import { isValidSpecifier, matches } from './versions';

export type {
  IOnnxWriterDefault,
  IRuntimeLimit,
  ITfliteNoBuiltin
} from './_schema';

export type RuntimeName = IRuntimeLimit['runtime'];

/** The parts of knowledge/runtimes.json (runtimes.schema.json) the checks read. */
export type IRuntimeTable = Pick<
  IRuntimesFile,
  'runtimes' | 'writers' | 'tflite_no_builtin' | 'tflite_sources'
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
    !Array.isArray(table.tflite_no_builtin)
  ) {
    throw new Error(
      'runtimes.json: expected "runtimes", "writers" and "tflite_no_builtin" arrays'
    );
  }
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
  return table.runtimes.find(
    entry => entry.runtime === runtime && matches(version, entry.versions)
  );
}

/** The model's ops (ai.onnx domain) that have no TFLite builtin, with the table's note. */
export function tfliteGaps(
  table: IRuntimeTable,
  ops: string[]
): { op: string; note: string }[] {
  const present = new Set(ops);
  return table.tflite_no_builtin.filter(entry => present.has(entry.op));
}
