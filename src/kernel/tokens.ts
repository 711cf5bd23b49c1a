/** The token of the shared environment-report store (one per application). */
import { Token } from '@lumino/coreutils';

import type { EnvReportStore } from './envReportStore';

export const IEnvReportStore = new Token<EnvReportStore>(
  'jupyterlab-convert-doctor:IEnvReportStore',
  'The latest kernel environment report per kernel, shared by the inspector and the failing-cell diagnosis.'
);
export type IEnvReportStore = EnvReportStore;
