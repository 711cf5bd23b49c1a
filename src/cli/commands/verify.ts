/**
 * `convert-doctor verify MODEL.onnx`: what the file is (IR, opsets, ops, inputs/outputs), which
 * runtimes load it (knowledge/runtimes.json), which ops have no TFLite builtin, and whether
 * onnxruntime-node runs it to the reference's numbers (.npz, or the Darknet reference pass).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { Command } from 'commander';
import type * as Ort from 'onnxruntime-node';

import {
  IRuntimeVerdict,
  ITfliteNoBuiltin,
  runtimeLimit,
  runtimeVerdicts,
  tfliteGaps
} from '../../core/runtimes';
import { isTfliteFile, verifyTflite } from './verifyTflite';
import { SHIPPED_RUNTIMES } from '../../core/shippedKnowledge';
import {
  EXIT_PROBLEM,
  InputError,
  colour,
  positiveNumber,
  progress,
  setExitCode,
  writeJson,
  writeText
} from '../io';
import {
  INdArray,
  NpyError,
  asFloat64,
  float32Npy,
  readNpy,
  readNpz
} from '../npy';
import { IOnnxModelInfo, OnnxFileError, readOnnxFile } from '../onnxModel';
import { compareOutputs, IComparison } from '../tensorCompare';

interface IVerifyOptions {
  input?: string;
  reference?: string;
  darknet?: string[];
  atol: string;
  rtol: string;
  python?: string;
  runs?: string;
  json?: boolean;
  target?: string;
}

interface IVerifyReport {
  model: string;
  ir_version: number;
  opsets: { [domain: string]: number };
  producer: string;
  nodes: number;
  ops: { [op: string]: number };
  inputs: IOnnxModelInfo['inputs'];
  outputs: IOnnxModelInfo['outputs'];
  runtimes: IRuntimeVerdict[];
  tflite_no_builtin: ITfliteNoBuiltin[];
  onnxruntime_node: {
    version: string;
    /** The table's limits for this version, when it lists it. */
    max_ir: number | null;
    max_opset: number | null;
    loaded: boolean;
    error?: string;
  };
  inference?: {
    input: string;
    runs: number;
    median_ms: number;
    outputs: { name: string; type: string; dims: number[] }[];
  };
  reference?: { source: string; comparisons: IComparison[]; passed: boolean };
  passed: boolean;
}

/** The same pseudo-random [0, 1) stream on every run (mulberry32, seed 0). */
function deterministicFloats(count: number, seed = 0): Float32Array {
  const out = new Float32Array(count);
  let a = seed >>> 0;
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}

const NPY_TO_ORT: { [code: string]: Ort.Tensor.Type } = {
  f4: 'float32',
  f8: 'float64',
  i1: 'int8',
  u1: 'uint8',
  b1: 'bool',
  i2: 'int16',
  u2: 'uint16',
  i4: 'int32',
  u4: 'uint32',
  i8: 'int64',
  u8: 'uint64'
};

function tensorFromNpy(
  ort: typeof Ort,
  array: INdArray,
  where: string
): Ort.Tensor {
  const type = NPY_TO_ORT[array.dtype.slice(1)];
  try {
    return new ort.Tensor(type, array.data as never, array.shape);
  } catch (err) {
    throw new InputError(`${where}: ${(err as Error).message}`);
  }
}

/** The deterministic feed for one input: uniform [0, 1) floats, zeros otherwise; dynamic dims 1. */
function deterministicInput(
  ort: typeof Ort,
  meta: Ort.InferenceSession.ValueMetadata
): { tensor: Ort.Tensor; floats?: Float32Array; shape: number[] } {
  if (!meta.isTensor) {
    throw new InputError(
      `input ${meta.name} is not a tensor: give its value with --input`
    );
  }
  const shape = meta.shape.map(d => (typeof d === 'number' && d > 0 ? d : 1));
  const count = shape.reduce((a, b) => a * b, 1);
  if (meta.type === 'float32') {
    const floats = deterministicFloats(count);
    return { tensor: new ort.Tensor('float32', floats, shape), floats, shape };
  }
  if (meta.type === 'float64') {
    return {
      tensor: new ort.Tensor(
        'float64',
        Float64Array.from(deterministicFloats(count)),
        shape
      ),
      shape
    };
  }
  const zeros =
    meta.type === 'int64'
      ? new BigInt64Array(count)
      : meta.type === 'uint64'
        ? new BigUint64Array(count)
        : meta.type === 'bool'
          ? new Uint8Array(count)
          : meta.type === 'int32'
            ? new Int32Array(count)
            : null;
  if (!zeros) {
    throw new InputError(
      `input ${meta.name} has type ${meta.type}: give its value with --input`
    );
  }
  return { tensor: new ort.Tensor(meta.type, zeros as never, shape), shape };
}

/** Runs the Darknet reference forward pass (Python package) on `input`; returns its .npz arrays. */
function darknetReference(
  python: string,
  cfg: string,
  weights: string,
  input: Uint8Array
): Map<string, INdArray> {
  for (const file of [cfg, weights]) {
    if (!fs.existsSync(file)) {
      throw new InputError(`--darknet: cannot read ${file}`);
    }
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'convert-doctor-ref-'));
  try {
    const inputFile = path.join(tmp, 'input.npy');
    const out = path.join(tmp, 'reference.npz');
    fs.writeFileSync(inputFile, input);
    progress('computing the Darknet reference forward pass (Python)');
    const run = spawnSync(
      python,
      [
        '-m',
        'jupyterlab_convert_doctor.darknet.reference',
        cfg,
        weights,
        '--input',
        inputFile,
        '--out',
        out
      ],
      { encoding: 'utf8', timeout: 600000, maxBuffer: 16 * 1024 * 1024 }
    );
    if (run.error || run.status !== 0) {
      const why =
        run.error?.message ??
        (run.stderr.trim().split('\n').pop() || `exit ${run.status}`);
      throw new InputError(`the Darknet reference failed: ${why}`);
    }
    return readNpz(out);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The first line of a runtime error, without onnxruntime's source path and C++ signature. */
function firstLine(text: string): string {
  const line = text.split('\n').find(l => l.trim()) ?? text;
  return line.replace(/\/onnxruntime_src\/\S+\s+(?:[\w:~]+\(.*?\)\s+)?/, ' ');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function verify(
  model: string,
  opts: IVerifyOptions
): Promise<IVerifyReport> {
  const atol = Number(opts.atol);
  const rtol = Number(opts.rtol);
  if (
    !Number.isFinite(atol) ||
    atol < 0 ||
    !Number.isFinite(rtol) ||
    rtol < 0
  ) {
    throw new InputError('--atol and --rtol must be non-negative numbers');
  }
  const runs = opts.runs ? Math.round(positiveNumber('--runs', opts.runs)) : 1;
  if (opts.reference && opts.darknet) {
    throw new InputError('give --reference or --darknet, not both');
  }
  let info: IOnnxModelInfo;
  try {
    info = readOnnxFile(model);
  } catch (err) {
    throw err instanceof OnnxFileError
      ? new InputError(`${model}: ${err.message}`)
      : err;
  }
  // The runtime is loaded only here: `diagnose` and `env` never pay for its native library.
  const ort: typeof Ort = require('onnxruntime-node');
  const nodeVersion: string = ort.env.versions.node ?? ort.env.versions.common;
  const limit = runtimeLimit(SHIPPED_RUNTIMES, 'onnxruntime-node', nodeVersion);
  const report: IVerifyReport = {
    model,
    ir_version: info.irVersion,
    opsets: info.opsets,
    producer: [info.producer, info.producerVersion].filter(Boolean).join(' '),
    nodes: info.nodes,
    ops: info.ops,
    inputs: info.inputs,
    outputs: info.outputs,
    runtimes: runtimeVerdicts(SHIPPED_RUNTIMES, info),
    tflite_no_builtin: tfliteGaps(SHIPPED_RUNTIMES, Object.keys(info.ops)),
    onnxruntime_node: {
      version: nodeVersion,
      max_ir: limit?.max_ir ?? null,
      max_opset: limit?.max_opset['ai.onnx'] ?? null,
      loaded: false
    },
    passed: false
  };
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(model, {
      executionProviders: ['cpu'],
      logSeverityLevel: 3
    });
  } catch (err) {
    report.onnxruntime_node.error = firstLine(
      String((err as Error).message ?? err)
    );
    return report;
  }
  report.onnxruntime_node.loaded = true;
  try {
    const feeds: { [name: string]: Ort.Tensor } = {};
    let referenceInput: Uint8Array | undefined;
    let inputSource = 'deterministic (uniform [0, 1), seed 0; dynamic dims 1)';
    session.inputMetadata.forEach((meta, i) => {
      if (i === 0 && opts.input) {
        let array: INdArray;
        try {
          array = readNpy(opts.input);
        } catch (err) {
          throw new InputError((err as Error).message);
        }
        feeds[meta.name] = tensorFromNpy(ort, array, opts.input);
        inputSource = opts.input;
        if (array.dtype === '<f4') {
          referenceInput = float32Npy(array.data as Float32Array, array.shape);
        }
        return;
      }
      const made = deterministicInput(ort, meta);
      feeds[meta.name] = made.tensor;
      if (i === 0 && made.floats) {
        referenceInput = float32Npy(made.floats, made.shape);
      }
    });
    let outputs!: Ort.InferenceSession.ReturnType;
    const times: number[] = [];
    try {
      outputs = await session.run(feeds); // warm-up (and the only run when --runs is 1)
      for (let i = 0; i < runs && runs > 1; i++) {
        const started = process.hrtime.bigint();
        outputs = await session.run(feeds);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    } catch (err) {
      throw new InputError(
        `onnxruntime-node could not run the model on this input: ${firstLine(String((err as Error).message))}`
      );
    }
    report.inference = {
      input: inputSource,
      runs,
      median_ms: times.length ? median(times) : NaN,
      outputs: session.outputNames.map(name => ({
        name,
        type: outputs[name].type,
        dims: [...outputs[name].dims]
      }))
    };
    let reference: Map<string, INdArray> | undefined;
    let source = '';
    if (opts.reference) {
      try {
        reference = readNpz(opts.reference);
      } catch (err) {
        throw err instanceof NpyError ? new InputError(err.message) : err;
      }
      source = opts.reference;
    } else if (opts.darknet) {
      if (!referenceInput) {
        throw new InputError('--darknet needs a float32 image input');
      }
      reference = darknetReference(
        opts.python ?? 'python3',
        opts.darknet[0],
        opts.darknet[1],
        referenceInput
      );
      source = `Darknet reference (${opts.darknet.join(' ')})`;
    }
    if (reference) {
      const comparisons = compareOutputs(
        session.outputNames.map(name => ({
          name,
          dims: [...outputs[name].dims],
          data: asFloat64(outputs[name].data as ArrayLike<number>)
        })),
        reference,
        { atol, rtol }
      );
      report.reference = {
        source,
        comparisons,
        passed:
          comparisons.some(c => c.compared) &&
          comparisons.every(c => !c.compared || c.passed)
      };
    }
  } finally {
    await session.release();
  }
  report.passed = report.reference ? report.reference.passed : true;
  return report;
}

function formatReport(r: IVerifyReport): string {
  const opsets = Object.entries(r.opsets)
    .map(([d, v]) => `${d || 'ai.onnx'} ${v}`)
    .join(', ');
  const shape = (s: (number | string | null)[] | null) =>
    s ? `[${s.map(d => d ?? '?').join(', ')}]` : '[?]';
  const lines = [
    `${r.model}: IR ${r.ir_version}, opset ${opsets || '-'}${r.producer ? `, from ${r.producer}` : ''}`,
    ...r.inputs.map(
      i => `  input  ${i.name} ${i.elemType ?? '?'} ${shape(i.shape)}`
    ),
    ...r.outputs.map(
      o => `  output ${o.name} ${o.elemType ?? '?'} ${shape(o.shape)}`
    ),
    `  ops (${r.nodes} nodes): ${Object.entries(r.ops)
      .sort((a, b) => b[1] - a[1])
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')}`,
    'runtimes:'
  ];
  for (const v of r.runtimes) {
    lines.push(
      `  ${v.runtime} ${v.versions}: ${v.loads ? colour('green', 'loads') : colour('red', `refuses (${v.reasons.join('; ')})`)}`
    );
  }
  if (r.tflite_no_builtin.length) {
    lines.push('ops with no TFLite builtin:');
    for (const gap of r.tflite_no_builtin) {
      lines.push(`  ${gap.op}: ${gap.note}`);
    }
  }
  const n = r.onnxruntime_node;
  lines.push(
    n.loaded
      ? `onnxruntime-node ${n.version}: loaded`
      : colour(
          'red',
          `onnxruntime-node ${n.version} cannot load it: ${n.error}`
        ) +
          (n.max_ir !== null
            ? ` (this version loads IR <= ${n.max_ir}, opset <= ${n.max_opset}; pin the export, e.g. onnx ir_version/opset, or run it with Python onnxruntime)`
            : '')
  );
  if (r.inference) {
    lines.push(
      `inference on ${r.inference.input}` +
        (r.inference.runs > 1
          ? `: median ${r.inference.median_ms.toFixed(2)} ms over ${r.inference.runs} runs`
          : '')
    );
  }
  if (r.reference) {
    lines.push(`reference: ${r.reference.source}`);
    for (const c of r.reference.comparisons) {
      lines.push(
        c.compared
          ? `  ${c.name}: max abs ${c.max_abs.toExponential(2)}, max rel ${c.max_rel.toExponential(2)} ${c.passed ? colour('green', 'ok') : colour('red', `MISMATCH (${c.mismatched} elements beyond atol + rtol*|ref|)`)}`
          : `  ${c.name}: not compared (${c.note})`
      );
    }
  }
  lines.push(
    r.passed ? colour('green', 'verified') : colour('red', 'NOT verified')
  );
  return lines.join('\n');
}

export function verifyCommand(): Command {
  return new Command('verify')
    .description(
      'inspect an ONNX model, say which runtimes load it, run it with onnxruntime-node and compare with a reference; for a .tflite model, which TF / LiteRT interpreters have its builtin ops'
    )
    .argument('<model>', 'the .onnx or .tflite file')
    .option(
      '--input <file>',
      'first input as .npy (default: deterministic uniform [0, 1) floats, seed 0)'
    )
    .option(
      '--reference <file>',
      'expected outputs as .npz (arrays named like the model outputs, or arr_0, arr_1, ... in order)'
    )
    .option(
      '--darknet <files...>',
      'CFG WEIGHTS: compare with the Darknet reference forward pass of the Python package'
    )
    .option(
      '--python <path>',
      'interpreter with jupyterlab_convert_doctor for --darknet (default python3)'
    )
    .option('--atol <x>', 'absolute tolerance', '1e-4')
    .option(
      '--rtol <x>',
      'relative tolerance (|out - ref| <= atol + rtol * |ref|)',
      '1e-3'
    )
    .option(
      '--runs <n>',
      'time n inference runs after one warm-up and report the median'
    )
    .option(
      '--target <runtime>',
      '.tflite: the interpreter it must load on, e.g. tensorflow==2.19.0 or ai-edge-litert==2.1.0 (exit 1 if it lacks an op)'
    )
    .option('--json', 'print one JSON object')
    .addHelpText(
      'after',
      `
max rel is |out - ref| / max(|ref|, 1e-3 * max|ref|): relative to each reference value,
floored so near-zero values do not dominate.
A .tflite model (FlatBuffer identifier TFL3) is read without any runtime: its builtin op codes
and versions against the measured tables of knowledge/runtimes.json (tflite_runtimes).
Exit status: 0 loaded, ran and matched the reference (when given); 1 onnxruntime-node refuses
the model or an output differs, or the --target interpreter lacks an op of the .tflite model;
2 bad usage or a file that is not a readable ONNX / TFLite model / array.`
    )
    .action(async (model: string, opts: IVerifyOptions) => {
      if (isTfliteFile(model)) {
        verifyTflite(model, opts);
        return;
      }
      if (opts.target) {
        throw new InputError('--target is for .tflite models');
      }
      if (opts.darknet && opts.darknet.length !== 2) {
        throw new InputError('--darknet takes two files: CFG WEIGHTS');
      }
      const report = await verify(model, opts);
      if (!report.passed || !report.onnxruntime_node.loaded) {
        report.passed = false;
        setExitCode(EXIT_PROBLEM);
      }
      if (opts.json) {
        writeJson(report);
      } else {
        writeText(formatReport(report));
      }
    });
}
