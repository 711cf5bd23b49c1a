import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { annotationPlugin } from './annotation/plugin';
import { kernelDiagnosisRendererPlugin } from './annotation/rendererPlugin';
import { inspectorPlugin } from './inspector/plugin';
import { envReportStorePlugin } from './kernel/plugin';
import { knowledgePlugin } from './knowledge/plugin';

/** Plugin wiring only: each plugin lives next to what it does. */
const plugins: JupyterFrontEndPlugin<any>[] = [
  knowledgePlugin,
  envReportStorePlugin,
  inspectorPlugin,
  annotationPlugin,
  kernelDiagnosisRendererPlugin
];

export default plugins;

// The public API: the services' tokens and interfaces, for other extensions.
export * from './tokens';
