/**
 * What `verify` reads from a .tflite file without any runtime: the schema version, and each
 * operator code (builtin code or custom name, op version) with how many nodes use it in all
 * subgraphs. A FlatBuffer reader that only knows the field numbers of TFLite's schema.fbs
 * (Model, OperatorCode, SubGraph, Operator); untrusted input: every offset is bounds-checked
 * and an error is one line.
 */
import * as fs from 'fs';

/** FlatBuffers address with 32-bit offsets; larger models are not one FlatBuffer. */
export const MAX_TFLITE_BYTES = 2 * 1024 * 1024 * 1024 - 1;
const MAX_ENTRIES = 5_000_000;
/** BuiltinOperator_CUSTOM: the code of an op known by its custom_code name. */
const CUSTOM_CODE = 32;

export class TfliteFileError extends Error {}

export interface ITfliteOperator {
  /** Builtin code (BuiltinOperator), or null for a custom op. */
  builtinCode: number | null;
  custom: string | null;
  version: number;
  /** Nodes of all subgraphs using this operator code. */
  nodes: number;
}

export interface ITfliteModelInfo {
  schemaVersion: number;
  subgraphs: number;
  operators: ITfliteOperator[];
  bytes: number;
}

/** Bounds-checked reads of a FlatBuffer's tables, vectors and strings. */
class FlatBuffer {
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private check(pos: number, size: number, what: string): void {
    if (!Number.isInteger(pos) || pos < 0 || pos + size > this.bytes.length) {
      throw new TfliteFileError(
        `truncated or corrupt FlatBuffer (${what} at byte ${pos} is outside the ${this.bytes.length}-byte file)`
      );
    }
  }

  u8(pos: number): number {
    this.check(pos, 1, 'byte');
    return this.view.getUint8(pos);
  }

  i8(pos: number): number {
    this.check(pos, 1, 'byte');
    return this.view.getInt8(pos);
  }

  i32(pos: number): number {
    this.check(pos, 4, 'int32');
    return this.view.getInt32(pos, true);
  }

  u32(pos: number): number {
    this.check(pos, 4, 'uint32');
    return this.view.getUint32(pos, true);
  }

  /** The table an offset at `pos` points to. */
  indirect(pos: number): number {
    return pos + this.u32(pos);
  }

  /** Position of field `index` of the table at `table`, or null when absent. */
  field(table: number, index: number): number | null {
    const vtable = table - this.i32(table);
    this.check(vtable, 4, 'vtable');
    const vtableSize = this.view.getUint16(vtable, true);
    const slot = 4 + 2 * index;
    if (slot + 2 > vtableSize) {
      return null;
    }
    this.check(vtable + slot, 2, 'vtable slot');
    const offset = this.view.getUint16(vtable + slot, true);
    return offset ? table + offset : null;
  }

  /** The element positions of the vector of tables at field `index`, [] when absent. */
  tables(table: number, index: number): number[] {
    const pos = this.field(table, index);
    if (pos === null) {
      return [];
    }
    const vector = this.indirect(pos);
    const length = this.u32(vector);
    if (length > MAX_ENTRIES) {
      throw new TfliteFileError(`a vector of ${length} entries: not a model`);
    }
    this.check(vector + 4, 4 * length, 'vector');
    return Array.from({ length }, (_, i) => this.indirect(vector + 4 + 4 * i));
  }

  string(pos: number): string {
    const start = this.indirect(pos);
    const length = this.u32(start);
    this.check(start + 4, length, 'string');
    return new TextDecoder().decode(
      this.bytes.subarray(start + 4, start + 4 + length)
    );
  }
}

/** Parses a .tflite FlatBuffer (file identifier TFL3). */
export function parseTflite(bytes: Uint8Array): ITfliteModelInfo {
  if (bytes.length < 8) {
    throw new TfliteFileError(
      `not a TFLite model (${bytes.length} bytes, no FlatBuffer header)`
    );
  }
  const identifier = String.fromCharCode(...bytes.subarray(4, 8));
  if (identifier !== 'TFL3') {
    throw new TfliteFileError(
      `not a TFLite model (file identifier ${JSON.stringify(identifier)}, expected "TFL3")`
    );
  }
  const fb = new FlatBuffer(bytes);
  const model = fb.indirect(0);
  const versionAt = fb.field(model, 0);
  const operators = fb.tables(model, 1).map(code => {
    const deprecated = fb.field(code, 0);
    const custom = fb.field(code, 1);
    const version = fb.field(code, 2);
    const builtin = fb.field(code, 3);
    // schema.fbs: the real code is the larger of the int8 field and the int32 one.
    const codeValue = Math.max(
      deprecated === null ? 0 : fb.i8(deprecated),
      builtin === null ? 0 : fb.i32(builtin)
    );
    const customName = custom === null ? null : fb.string(custom);
    return {
      builtinCode:
        customName !== null && codeValue === CUSTOM_CODE ? null : codeValue,
      custom: customName,
      version: version === null ? 1 : fb.i32(version),
      nodes: 0
    };
  });
  const subgraphs = fb.tables(model, 2);
  for (const subgraph of subgraphs) {
    for (const op of fb.tables(subgraph, 3)) {
      const index = fb.field(op, 0);
      const i = index === null ? 0 : fb.u32(index);
      if (i >= operators.length) {
        throw new TfliteFileError(
          `an operator uses opcode_index ${i}, but the model has ${operators.length} operator codes`
        );
      }
      operators[i].nodes++;
    }
  }
  return {
    schemaVersion: versionAt === null ? 0 : fb.u32(versionAt),
    subgraphs: subgraphs.length,
    operators,
    bytes: bytes.length
  };
}

/** True if the bytes carry the TFLite FlatBuffer identifier (what `verify` dispatches on). */
export function isTflite(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 8 && String.fromCharCode(...bytes.subarray(4, 8)) === 'TFL3'
  );
}

export function readTfliteFile(file: string): ITfliteModelInfo {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (err) {
    throw new TfliteFileError(`cannot read it (${(err as Error).message})`);
  }
  if (size > MAX_TFLITE_BYTES) {
    throw new TfliteFileError(
      `too large for a TFLite FlatBuffer (${size} bytes)`
    );
  }
  return parseTflite(fs.readFileSync(file));
}
