import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { inspectorPlugin } from './inspector/plugin';

/** Plugin wiring only: each plugin lives next to what it does. */
const plugins: JupyterFrontEndPlugin<any>[] = [inspectorPlugin];

export default plugins;
