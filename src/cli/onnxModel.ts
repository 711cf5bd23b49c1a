/**
 * What `verify` reads from an .onnx file without any runtime: IR version, opset imports,
 * producer, op inventory (subgraphs of If/Loop/Scan included) and graph inputs/outputs.
 * protobufjs' wire-format Reader does the decoding; this file only knows onnx.proto's field
 * numbers. Untrusted input: bounded size and nesting, and one-line errors.
 */
import * as fs from 'fs';

import { Reader } from 'protobufjs/minimal';

/** protobuf's own limit for one message; larger .onnx files keep weights as external data. */
export const MAX_MODEL_BYTES = 2 * 1024 * 1024 * 1024 - 1;
const MAX_GRAPH_DEPTH = 32;
const MAX_NODES = 5_000_000;

export class OnnxFileError extends Error {}

export interface IValueInfo {
  name: string;
  /** onnx.TensorProto.DataType name (FLOAT, INT64, ...) or null when not a tensor. */
  elemType: string | null;
  /** Dimension values, or the symbolic name of a dynamic dimension (null when unknown). */
  shape: (number | string | null)[] | null;
}

export interface IOnnxModelInfo {
  irVersion: number;
  /** Domain ('' is ai.onnx) -> version. */
  opsets: { [domain: string]: number };
  producer: string;
  producerVersion: string;
  /** `domain::OpType` (or `OpType` for ai.onnx) -> node count, subgraphs included. */
  ops: { [op: string]: number };
  inputs: IValueInfo[];
  outputs: IValueInfo[];
  nodes: number;
  initializers: number;
  bytes: number;
}

const ELEM_TYPES = [
  'UNDEFINED',
  'FLOAT',
  'UINT8',
  'INT8',
  'UINT16',
  'INT16',
  'INT32',
  'INT64',
  'STRING',
  'BOOL',
  'FLOAT16',
  'DOUBLE',
  'UINT32',
  'UINT64',
  'COMPLEX64',
  'COMPLEX128',
  'BFLOAT16',
  'FLOAT8E4M3FN',
  'FLOAT8E4M3FNUZ',
  'FLOAT8E5M2',
  'FLOAT8E5M2FNUZ',
  'UINT4',
  'INT4',
  'FLOAT4E2M1',
  'FLOAT8E8M0',
  'UINT2',
  'INT2'
];

type Long = { toNumber(): number };
function num(value: number | Long): number {
  return typeof value === 'number' ? value : value.toNumber();
}

/** Calls `onField(field, wireType)` for each field of the message ending at `end`. */
function fields(
  reader: Reader,
  end: number,
  onField: (field: number, wireType: number) => boolean
): void {
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 0) {
      throw new Error('field number 0');
    }
    if (!onField(field, wireType)) {
      reader.skipType(wireType);
    }
  }
  if (reader.pos !== end) {
    throw new Error('a message overruns its parent');
  }
}

function subEnd(reader: Reader, wireType: number): number {
  if (wireType !== 2) {
    throw new Error(
      `expected a length-delimited field, got wire type ${wireType}`
    );
  }
  const length = reader.uint32();
  const end = reader.pos + length;
  if (end > reader.len) {
    throw new RangeError('index out of range');
  }
  return end;
}

function readString(reader: Reader, wireType: number): string {
  if (wireType !== 2) {
    throw new Error(`expected a string, got wire type ${wireType}`);
  }
  return reader.string();
}

function readVarint(reader: Reader, wireType: number): number {
  if (wireType !== 0) {
    throw new Error(`expected a varint, got wire type ${wireType}`);
  }
  return num(reader.int64() as unknown as Long);
}

function readOpset(reader: Reader, end: number): [string, number] {
  let domain = '';
  let version = 0;
  fields(reader, end, (field, wt) => {
    if (field === 1) {
      domain = readString(reader, wt);
    } else if (field === 2) {
      version = readVarint(reader, wt);
    } else {
      return false;
    }
    return true;
  });
  return [domain, version];
}

function readShape(reader: Reader, end: number): (number | string | null)[] {
  const dims: (number | string | null)[] = [];
  fields(reader, end, (field, wt) => {
    if (field !== 1) {
      return false;
    }
    const dimEnd = subEnd(reader, wt);
    let dim: number | string | null = null;
    fields(reader, dimEnd, (f, w) => {
      if (f === 1) {
        dim = readVarint(reader, w);
      } else if (f === 2) {
        dim = readString(reader, w);
      } else {
        return false;
      }
      return true;
    });
    dims.push(dim);
    return true;
  });
  return dims;
}

function readValueInfo(reader: Reader, end: number): IValueInfo {
  const info: IValueInfo = { name: '', elemType: null, shape: null };
  fields(reader, end, (field, wt) => {
    if (field === 1) {
      info.name = readString(reader, wt);
      return true;
    }
    if (field !== 2) {
      return false;
    }
    const typeEnd = subEnd(reader, wt);
    fields(reader, typeEnd, (f, w) => {
      if (f !== 1) {
        return false; // sequence, map, optional: not a plain tensor
      }
      const tensorEnd = subEnd(reader, w);
      fields(reader, tensorEnd, (tf, tw) => {
        if (tf === 1) {
          const code = readVarint(reader, tw);
          info.elemType = ELEM_TYPES[code] ?? `TYPE_${code}`;
        } else if (tf === 2) {
          info.shape = readShape(reader, subEnd(reader, tw));
        } else {
          return false;
        }
        return true;
      });
      return true;
    });
    return true;
  });
  return info;
}

interface IGraphTally {
  ops: { [op: string]: number };
  nodes: number;
}

function readAttribute(
  reader: Reader,
  end: number,
  tally: IGraphTally,
  depth: number
): void {
  fields(reader, end, (field, wt) => {
    // g (6) and graphs (11): the bodies of If/Loop/Scan.
    if (field === 6 || field === 11) {
      readGraph(reader, subEnd(reader, wt), tally, depth + 1);
      return true;
    }
    return false;
  });
}

function readNode(
  reader: Reader,
  end: number,
  tally: IGraphTally,
  depth: number
): void {
  let opType = '';
  let domain = '';
  fields(reader, end, (field, wt) => {
    if (field === 4) {
      opType = readString(reader, wt);
    } else if (field === 7) {
      domain = readString(reader, wt);
    } else if (field === 5) {
      readAttribute(reader, subEnd(reader, wt), tally, depth);
    } else {
      return false;
    }
    return true;
  });
  const key = domain && domain !== 'ai.onnx' ? `${domain}::${opType}` : opType;
  tally.ops[key] = (tally.ops[key] ?? 0) + 1;
  if (++tally.nodes > MAX_NODES) {
    throw new Error(`more than ${MAX_NODES} nodes`);
  }
}

interface IGraphIo {
  inputs: IValueInfo[];
  outputs: IValueInfo[];
  initializerNames: Set<string>;
}

function readGraph(
  reader: Reader,
  end: number,
  tally: IGraphTally,
  depth: number,
  io?: IGraphIo
): void {
  if (depth > MAX_GRAPH_DEPTH) {
    throw new Error(`subgraphs nested deeper than ${MAX_GRAPH_DEPTH}`);
  }
  fields(reader, end, (field, wt) => {
    if (field === 1) {
      readNode(reader, subEnd(reader, wt), tally, depth);
    } else if (io && field === 11) {
      io.inputs.push(readValueInfo(reader, subEnd(reader, wt)));
    } else if (io && field === 12) {
      io.outputs.push(readValueInfo(reader, subEnd(reader, wt)));
    } else if (io && field === 5) {
      // An initializer: read its name (field 8), skip its data.
      const initEnd = subEnd(reader, wt);
      fields(reader, initEnd, (f, w) => {
        if (f === 8) {
          io.initializerNames.add(readString(reader, w));
          return true;
        }
        return false;
      });
    } else {
      return false;
    }
    return true;
  });
}

/** Parses an ONNX ModelProto; throws OnnxFileError with one line when it is not one. */
export function parseOnnx(bytes: Uint8Array): IOnnxModelInfo {
  if (bytes.length === 0) {
    throw new OnnxFileError('the file is empty');
  }
  // A view of our own realm: protobufjs checks `instanceof Uint8Array`.
  const reader = Reader.create(
    new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  );
  const model: IOnnxModelInfo = {
    irVersion: 0,
    opsets: {},
    producer: '',
    producerVersion: '',
    ops: {},
    inputs: [],
    outputs: [],
    nodes: 0,
    initializers: 0,
    bytes: bytes.length
  };
  const io: IGraphIo = { inputs: [], outputs: [], initializerNames: new Set() };
  const tally: IGraphTally = { ops: model.ops, nodes: 0 };
  let graphs = 0;
  try {
    fields(reader, bytes.length, (field, wt) => {
      // Every ModelProto field is a varint or length-delimited: anything else is not ONNX
      // (and must not be misread as a truncated model).
      if (wt !== 0 && wt !== 2) {
        throw new Error(`wire type ${wt} in a ModelProto field`);
      }
      switch (field) {
        case 1:
          model.irVersion = readVarint(reader, wt);
          return true;
        case 2:
          model.producer = readString(reader, wt);
          return true;
        case 3:
          model.producerVersion = readString(reader, wt);
          return true;
        case 7:
          graphs++;
          readGraph(reader, subEnd(reader, wt), tally, 0, io);
          return true;
        case 8: {
          const [domain, version] = readOpset(reader, subEnd(reader, wt));
          model.opsets[domain === 'ai.onnx' ? '' : domain] = version;
          return true;
        }
        default:
          return false;
      }
    });
  } catch (err) {
    const why = String((err as Error).message ?? err);
    throw new OnnxFileError(
      /index out of range/.test(why)
        ? `not a complete ONNX model: it ends inside a message at byte ${reader.pos} of ${bytes.length} (truncated?)`
        : `not an ONNX model: protobuf decoding failed at byte ${reader.pos} (${why})`
    );
  }
  if (model.irVersion <= 0 || graphs !== 1) {
    throw new OnnxFileError(
      `not an ONNX model: ${model.irVersion <= 0 ? 'no ir_version' : 'no graph'}`
    );
  }
  model.nodes = tally.nodes;
  model.initializers = io.initializerNames.size;
  // IR < 4 lists initializers among the inputs: those are weights, not inputs.
  model.inputs = io.inputs.filter(i => !io.initializerNames.has(i.name));
  model.outputs = io.outputs;
  return model;
}

/** Reads and parses a model file (bounded size; one-line errors). */
export function readOnnxFile(file: string): IOnnxModelInfo {
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      throw new Error('not a regular file');
    }
    size = stat.size;
  } catch (err) {
    throw new OnnxFileError(`cannot read it: ${(err as Error).message}`);
  }
  if (size > MAX_MODEL_BYTES) {
    throw new OnnxFileError(
      `${size} bytes is over protobuf's 2 GiB limit for one model file`
    );
  }
  return parseOnnx(fs.readFileSync(file));
}
