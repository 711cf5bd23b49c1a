/** Output vs reference comparison for `verify`: max abs / max rel error, np.allclose-style pass. */
import { INdArray, asFloat64 } from './npy';

export interface IOutputTensor {
  name: string;
  dims: number[];
  data: Float64Array;
}

export interface IComparison {
  name: string;
  compared: boolean;
  /** Why it was not compared (no reference array, shape differs). */
  note?: string;
  reference_name?: string;
  max_abs: number;
  max_rel: number;
  /** Elements with |out - ref| > atol + rtol * |ref| (NaN on either side counts). */
  mismatched: number;
  passed: boolean;
}

function sameShape(a: number[], b: number[]): boolean {
  // A leading batch of 1 on one side only is the same tensor (reference passes drop it).
  const strip = (s: number[]) => (s.length > 1 && s[0] === 1 ? s.slice(1) : s);
  return a.length === b.length
    ? a.every((d, i) => d === b[i])
    : JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

export function compareArrays(
  out: Float64Array,
  ref: Float64Array,
  tol: { atol: number; rtol: number }
): Pick<IComparison, 'max_abs' | 'max_rel' | 'mismatched'> {
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    const magnitude = Math.abs(ref[i]);
    if (magnitude > scale && Number.isFinite(magnitude)) {
      scale = magnitude;
    }
  }
  const floor = Math.max(scale * 1e-3, Number.MIN_VALUE);
  let maxAbs = 0;
  let maxRel = 0;
  let mismatched = 0;
  for (let i = 0; i < out.length; i++) {
    const diff = Math.abs(out[i] - ref[i]);
    if (Number.isNaN(diff)) {
      // NaN on one side only is a mismatch; NaN on both is agreement.
      if (!(Number.isNaN(out[i]) && Number.isNaN(ref[i]))) {
        mismatched++;
        maxAbs = maxRel = Infinity;
      }
      continue;
    }
    maxAbs = Math.max(maxAbs, diff);
    maxRel = Math.max(maxRel, diff / Math.max(Math.abs(ref[i]), floor));
    if (diff > tol.atol + tol.rtol * Math.abs(ref[i])) {
      mismatched++;
    }
  }
  return { max_abs: maxAbs, max_rel: maxRel, mismatched };
}

/** Each output against the reference array of the same name (else arr_<i> by position). */
export function compareOutputs(
  outputs: IOutputTensor[],
  reference: Map<string, INdArray>,
  tol: { atol: number; rtol: number }
): IComparison[] {
  return outputs.map((output, position) => {
    const empty = { max_abs: NaN, max_rel: NaN, mismatched: 0 };
    const name = reference.has(output.name)
      ? output.name
      : reference.has(`arr_${position}`)
        ? `arr_${position}`
        : undefined;
    if (name === undefined) {
      return {
        name: output.name,
        compared: false,
        note: 'no reference array of that name',
        ...empty,
        passed: false
      };
    }
    const ref = reference.get(name)!;
    if (!sameShape(output.dims, ref.shape)) {
      return {
        name: output.name,
        reference_name: name,
        compared: true,
        note: `shape [${output.dims.join(', ')}] vs reference [${ref.shape.join(', ')}]`,
        ...empty,
        mismatched: output.data.length,
        passed: false
      };
    }
    const stats = compareArrays(output.data, asFloat64(ref.data), tol);
    return {
      name: output.name,
      reference_name: name,
      compared: true,
      ...stats,
      passed: stats.mismatched === 0
    };
  });
}
