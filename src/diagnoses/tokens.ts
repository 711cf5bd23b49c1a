/** The token of the diagnosed failed cells, provided by the failing-cell annotation plugin. */
import { Token } from '@lumino/coreutils';

import type { DiagnosedCells } from './diagnosedCells';

export const IDiagnosedCells = new Token<DiagnosedCells>(
  'jupyterlab-convert-doctor:IDiagnosedCells',
  'The failed cells the annotation diagnosed, per notebook.'
);
export type IDiagnosedCells = DiagnosedCells;
