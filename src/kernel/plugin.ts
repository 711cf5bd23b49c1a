/**
 * Provides the one environment-report store of the application. Its probe options come from
 * the inspector's settings (the inspector configures it); without the inspector it probes with
 * the defaults.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';

import { EnvReportStore } from './envReportStore';
import { probeKernel } from './probeKernel';
import { IEnvReportStore } from './tokens';

export const envReportStorePlugin: JupyterFrontEndPlugin<IEnvReportStore> = {
  id: 'jupyterlab-convert-doctor:env-report-store',
  description: 'The latest kernel environment report per kernel.',
  autoStart: true,
  provides: IEnvReportStore,
  activate: (_app: JupyterFrontEnd) => new EnvReportStore(probeKernel)
};
