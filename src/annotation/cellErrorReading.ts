/**
 * What a code cell's outputs say about its error, read once per look: no error, an error the
 * kernel extension already diagnosed, a run not finished yet, or an error for us to diagnose.
 */
import type { ICodeCellModel } from '@jupyterlab/cells';

import type { IDiagnosis } from '../core/types';
import { type IOutputModel, lastErrorOutput } from './errorRecord';
import {
  KERNEL_DIAGNOSIS_MIME,
  kernelDiagnosisAfter,
  readKernelDiagnosis
} from './kernelDiagnosis';

export type CellErrorReading =
  | { kind: 'none' }
  /**
   * The kernel extension (`%load_ext jupyterlab_convert_doctor`) displayed its diagnosis of
   * this error: then the cell's annotation is that output, drawn by our mime renderer, and we
   * add none (one annotation per error). The output wins over ours because it is part of the
   * document (saved, shared, seen in any frontend) and was made with the kernel's own
   * environment; hiding a kernel's output from the frontend would surprise more. Its diagnosis
   * (null when malformed) is still published for the inspector.
   */
  | { kind: 'kernel'; diagnosis: IDiagnosis | null }
  /**
   * A running cell's outputs are not final: the kernel extension displays its diagnosis after
   * the error (post_run_cell). The end of the run looks again (see CellWatcher).
   */
  | { kind: 'running' }
  | { kind: 'error'; output: IOutputModel };

/** Reads the cell's last error; `force` (explicit commands) does not wait for a running cell. */
export function readCellError(
  model: ICodeCellModel,
  force: boolean
): CellErrorReading {
  const output = lastErrorOutput(model.outputs);
  if (!output) {
    return { kind: 'none' };
  }
  const spoken = kernelDiagnosisAfter(model.outputs, output);
  if (spoken) {
    const read = readKernelDiagnosis(spoken.data[KERNEL_DIAGNOSIS_MIME]);
    return { kind: 'kernel', diagnosis: read.ok ? read.diagnosis : null };
  }
  if (!force && model.executionState === 'running') {
    return { kind: 'running' };
  }
  return { kind: 'error', output };
}
