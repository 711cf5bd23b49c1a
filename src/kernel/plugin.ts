/**
 * Provides the one environment-report store of the application. It watches the knowledge
 * base's packages; its other probe options come from the inspector's settings (the inspector
 * configures it); without the inspector it probes with the defaults.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';

import { IKnowledgeBase } from '../knowledge/tokens';
import { EnvReportStore } from './envReportStore';
import { probeKernel } from './probeKernel';
import { IEnvReportStore } from './tokens';

export const envReportStorePlugin: JupyterFrontEndPlugin<IEnvReportStore> = {
  id: 'jupyterlab-convert-doctor:env-report-store',
  description: 'The latest kernel environment report per kernel.',
  autoStart: true,
  provides: IEnvReportStore,
  requires: [IKnowledgeBase],
  activate: (_app: JupyterFrontEnd, knowledge: IKnowledgeBase) =>
    new EnvReportStore(probeKernel, { watch: knowledge.packages })
};
