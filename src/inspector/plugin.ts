import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';

/** Placeholder until the inspector lands. */
export const inspectorPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-convert-doctor:inspector',
  description: 'Kernel environment inspector for model conversion.',
  autoStart: true,
  activate: (app: JupyterFrontEnd) => {
    console.debug('jupyterlab-convert-doctor: inspector activated');
  }
};
