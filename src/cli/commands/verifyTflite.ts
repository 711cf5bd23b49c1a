/**
 * `convert-doctor verify MODEL.tflite`: the model's builtin ops and op versions, and which TF /
 * LiteRT interpreter versions register them (knowledge/runtimes.json, tflite_runtimes). A model
 * converted by a newer TensorFlow can use an op version an older interpreter lacks ("Didn't
 * find op for builtin opcode 'X' version 'N'"); this says so before anyone ships it.
 */
import * as fs from 'fs';

import {
  ITfliteVerdict,
  TfliteRuntimeName,
  tfliteOpName,
  tfliteRuntime,
  tfliteVerdicts
} from '../../core/runtimes';
import { SHIPPED_RUNTIMES } from '../../core/shippedKnowledge';
import {
  EXIT_PROBLEM,
  InputError,
  colour,
  setExitCode,
  writeJson,
  writeText
} from '../io';
import { isTflite, readTfliteFile, TfliteFileError } from '../tfliteModel';

const RUNTIMES: TfliteRuntimeName[] = [
  'tensorflow',
  'ai-edge-litert',
  'tflite-runtime'
];

interface ITfliteVerifyReport {
  model: string;
  format: 'tflite';
  schema_version: number;
  subgraphs: number;
  ops: { op: string; version: number; nodes: number }[];
  runtimes: ITfliteVerdict[];
  target?: { runtime: string; version: string; verdict: ITfliteVerdict | null };
  passed: boolean;
}

/** A .tflite file by name, or by its FlatBuffer identifier whatever the name. */
export function isTfliteFile(file: string): boolean {
  if (/\.tflite$/i.test(file)) {
    return true;
  }
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = new Uint8Array(8);
      fs.readSync(fd, head, 0, 8, 0);
      return isTflite(head);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false; // the ONNX path reports the unreadable file
  }
}

/** `--target tensorflow==2.19.0` -> its runtime and version. */
function parseTarget(target: string): {
  runtime: TfliteRuntimeName;
  version: string;
} {
  const match = /^\s*([A-Za-z0-9._-]+)\s*==\s*([0-9][^\s]*)\s*$/.exec(target);
  const name = match?.[1].toLowerCase().replace(/[-_.]+/g, '-');
  const runtime = name === 'tensorflow-cpu' ? 'tensorflow' : name;
  if (!match || !RUNTIMES.includes(runtime as TfliteRuntimeName)) {
    throw new InputError(
      `--target must be NAME==VERSION with NAME one of ${RUNTIMES.join(', ')}, got ${JSON.stringify(target.slice(0, 80))}`
    );
  }
  return { runtime: runtime as TfliteRuntimeName, version: match[2] };
}

function report(model: string, target?: string): ITfliteVerifyReport {
  const wanted = target === undefined ? undefined : parseTarget(target);
  let info;
  try {
    info = readTfliteFile(model);
  } catch (err) {
    throw err instanceof TfliteFileError
      ? new InputError(`${model}: ${err.message}`)
      : err;
  }
  const used = info.operators.filter(op => op.nodes > 0);
  const runtimes = tfliteVerdicts(SHIPPED_RUNTIMES, used);
  const out: ITfliteVerifyReport = {
    model,
    format: 'tflite',
    schema_version: info.schemaVersion,
    subgraphs: info.subgraphs,
    ops: used.map(op => ({
      op:
        op.builtinCode === null
          ? `custom:${op.custom}`
          : tfliteOpName(SHIPPED_RUNTIMES, op.builtinCode),
      version: op.version,
      nodes: op.nodes
    })),
    runtimes,
    passed: true
  };
  if (wanted) {
    const entry = tfliteRuntime(
      SHIPPED_RUNTIMES,
      wanted.runtime,
      wanted.version
    );
    const verdict = entry
      ? (runtimes.find(
          v => v.runtime === entry.runtime && v.versions === entry.versions
        ) ?? null)
      : null;
    out.target = { ...wanted, verdict };
    out.passed = verdict ? verdict.loads : true;
  }
  return out;
}

function verdictLine(v: ITfliteVerdict): string {
  const state = v.loads
    ? colour('green', 'has every builtin op')
    : colour('red', `lacks ${v.reasons.join('; ')}`);
  const unknown = v.unknown.length
    ? ` (not in the table: ${v.unknown.join(', ')})`
    : '';
  return `  ${v.runtime} ${v.versions}: ${state}${unknown}`;
}

function format(r: ITfliteVerifyReport): string {
  const lines = [
    `${r.model}: TFLite schema ${r.schema_version}, ${r.subgraphs} subgraph${r.subgraphs === 1 ? '' : 's'}`,
    `  ops: ${r.ops.map(o => `${o.op} v${o.version} x${o.nodes}`).join(', ')}`,
    'interpreters (measured tables, knowledge/runtimes.json):',
    ...r.runtimes.map(verdictLine)
  ];
  if (r.target) {
    const { runtime, version, verdict } = r.target;
    if (!verdict) {
      lines.push(
        `target ${runtime}==${version}: not in the table (not measured), no verdict`
      );
    } else if (verdict.loads) {
      lines.push(
        colour('green', `target ${runtime}==${version}: has every builtin op`)
      );
    } else {
      lines.push(
        colour(
          'red',
          `target ${runtime}==${version} lacks: ${verdict.reasons.join('; ')}`
        ),
        `  source: ${verdict.sources.join('; ')}`,
        '  fix: convert with the TensorFlow version of the target interpreter, or upgrade the interpreter to one that has these op versions'
      );
    }
  }
  return lines.join('\n');
}

export function verifyTflite(
  model: string,
  opts: {
    target?: string;
    json?: boolean;
    reference?: string;
    darknet?: string[];
    input?: string;
  }
): void {
  if (opts.reference || opts.darknet || opts.input) {
    throw new InputError(
      '--input, --reference and --darknet are for .onnx models: a .tflite model is checked, not run'
    );
  }
  const r = report(model, opts.target);
  if (!r.passed) {
    setExitCode(EXIT_PROBLEM);
  }
  if (opts.json) {
    writeJson(r);
  } else {
    writeText(format(r));
  }
}
