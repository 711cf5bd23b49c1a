/**
 * Provides the one environment-report store of the application. It watches the knowledge
 * base's packages; its other probe options come from the inspector's settings (the inspector
 * configures it); without the inspector it probes with the defaults.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';

import { EnvReportStore } from './envReportStore';
import { disposeProbeSubshell, probeKernel } from './probeKernel';
import { IEnvReportStore, IKnowledgeBase } from '../tokens';

export const envReportStorePlugin: JupyterFrontEndPlugin<IEnvReportStore> = {
  id: 'jupyterlab-convert-doctor:env-report-store',
  description: 'The latest kernel environment report per kernel.',
  autoStart: true,
  provides: IEnvReportStore,
  requires: [IKnowledgeBase],
  activate: (_app: JupyterFrontEnd, knowledge: IKnowledgeBase) => {
    const store = new EnvReportStore(
      probeKernel,
      { watch: knowledge.packages },
      disposeProbeSubshell
    );
    // A reload or a closed tab disposes nothing, and a probe subshell lives as long as its
    // kernel: delete them while the page's kernel connections are still open (best effort).
    window.addEventListener('pagehide', () => void store.release());
    return store;
  }
};
