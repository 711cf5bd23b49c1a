/**
 * NumPy `.npy` (format 1.0–3.0) and `.npz` (a zip of .npy, stored or deflated, read with
 * fflate) for `verify`: little-endian numeric dtypes, C order. Untrusted input: sizes are
 * checked against the header before any allocation, and errors are one line.
 */
import * as fs from 'fs';

import { unzipSync } from 'fflate';

export class NpyError extends Error {}

/** Bound on what one array or archive may decompress to. */
export const MAX_ARRAY_BYTES = 1024 * 1024 * 1024;

export type NumericArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

export interface INdArray {
  /** NumPy dtype string, e.g. '<f4'. */
  dtype: string;
  shape: number[];
  data: NumericArray;
}

const DTYPES: {
  [code: string]: { size: number; make: (b: ArrayBuffer) => NumericArray };
} = {
  f4: { size: 4, make: b => new Float32Array(b) },
  f8: { size: 8, make: b => new Float64Array(b) },
  i1: { size: 1, make: b => new Int8Array(b) },
  u1: { size: 1, make: b => new Uint8Array(b) },
  b1: { size: 1, make: b => new Uint8Array(b) },
  i2: { size: 2, make: b => new Int16Array(b) },
  u2: { size: 2, make: b => new Uint16Array(b) },
  i4: { size: 4, make: b => new Int32Array(b) },
  u4: { size: 4, make: b => new Uint32Array(b) },
  i8: { size: 8, make: b => new BigInt64Array(b) },
  u8: { size: 8, make: b => new BigUint64Array(b) }
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function parseNpy(bytes: Uint8Array, where: string): INdArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new NpyError(`${where}: not a .npy file (no \\x93NUMPY magic)`);
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let offset: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    offset = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) {
      throw new NpyError(`${where}: truncated .npy header`);
    }
    headerLength = view.getUint32(8, true);
    offset = 12;
  } else {
    throw new NpyError(
      `${where}: .npy format version ${major} is not supported`
    );
  }
  if (offset + headerLength > bytes.length || headerLength > 65536) {
    throw new NpyError(`${where}: truncated or oversized .npy header`);
  }
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(offset, offset + headerLength)
  );
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new NpyError(
      `${where}: unreadable .npy header ${JSON.stringify(header.trim().slice(0, 120))}`
    );
  }
  if (fortran === 'True') {
    throw new NpyError(
      `${where}: Fortran-order arrays are not supported (save with np.ascontiguousarray)`
    );
  }
  const match = /^([<|=])([a-z]\d+)$/.exec(descr);
  const kind = match && DTYPES[match[2]];
  if (!match || !kind || (match[1] === '|' && kind.size > 1)) {
    throw new NpyError(
      `${where}: dtype ${descr} is not supported (little-endian float16-free numeric dtypes only)`
    );
  }
  const shape = shapeText
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)
    .map(Number);
  if (shape.some(d => !Number.isSafeInteger(d) || d < 0)) {
    throw new NpyError(`${where}: bad shape (${shapeText})`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = offset + headerLength;
  const expected = count * kind.size;
  if (!Number.isSafeInteger(expected) || expected > MAX_ARRAY_BYTES) {
    throw new NpyError(`${where}: array of ${count} elements is too large`);
  }
  if (bytes.length - dataStart !== expected) {
    throw new NpyError(
      `${where}: ${bytes.length - dataStart} data bytes, the header's shape (${shape.join(', ')}) needs ${expected} (truncated?)`
    );
  }
  // Copy into an aligned buffer of its own (a Node Buffer's slice() would share its pool).
  const buffer = Uint8Array.prototype.slice.call(
    bytes,
    dataStart,
    dataStart + expected
  ).buffer;
  return { dtype: descr, shape, data: kind.make(buffer) };
}

/** The .npy bytes of a float32 array (for the Python reference's input). */
export function float32Npy(data: Float32Array, shape: number[]): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(
    new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    10 + header.length
  );
  return out;
}

function readBounded(file: string): Uint8Array {
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_ARRAY_BYTES) {
      throw new Error(
        `${size} bytes is over the ${MAX_ARRAY_BYTES}-byte limit`
      );
    }
    return fs.readFileSync(file);
  } catch (err) {
    throw new NpyError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

export function readNpy(file: string): INdArray {
  return parseNpy(readBounded(file), file);
}

/** The arrays of an .npz, by name (without `.npy`), in archive order. */
export function readNpz(file: string): Map<string, INdArray> {
  const bytes = readBounded(file);
  let total = 0;
  let files: { [name: string]: Uint8Array };
  try {
    files = unzipSync(bytes, {
      filter: entry => {
        total += entry.originalSize;
        if (entry.originalSize > MAX_ARRAY_BYTES || total > MAX_ARRAY_BYTES) {
          throw new NpyError(
            `${file}: the archive decompresses to more than ${MAX_ARRAY_BYTES} bytes`
          );
        }
        return entry.name.endsWith('.npy');
      }
    });
  } catch (err) {
    if (err instanceof NpyError) {
      throw err;
    }
    throw new NpyError(
      `${file}: not a readable .npz (zip) archive: ${(err as Error).message}`
    );
  }
  const arrays = new Map<string, INdArray>();
  for (const [name, content] of Object.entries(files)) {
    arrays.set(
      name.replace(/\.npy$/, ''),
      parseNpy(content, `${file}:${name}`)
    );
  }
  if (!arrays.size) {
    throw new NpyError(`${file}: no .npy arrays in the archive`);
  }
  return arrays;
}

/** Elements as numbers (int64 via Number: comparisons, not arithmetic on huge ids). */
export function asFloat64(
  data: NumericArray | ArrayLike<number | bigint>
): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    out[i] = Number(data[i]);
  }
  return out;
}
