/**
 * A real `jupyter server` for the Node integration tier: the CLI's own private server
 * (src/cli/jupyterServer.ts: project venv, 127.0.0.1, a random free port and token) with an
 * isolated JUPYTER_PATH holding the extra kernelspecs (the heavy TF/torch/onnx venv, a
 * non-Python kernel). Nothing is registered globally.
 */
import { spawnSync } from 'child_process';
import { existsSync } from 'fs';
import { dirname, join } from 'path';

import { KernelManager, ServerConnection } from '@jupyterlab/services';
import type { Kernel } from '@jupyterlab/services';

import {
  IKernelSpecFile,
  LocalJupyterServer,
  pythonKernelSpec
} from '../../src/cli/jupyterServer';

/** The repository root (found upwards, so the compiled benchmark can use this file too). */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'scripts', 'setup-heavy-kernel.sh'))) {
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no repository root above ${start}`);
    }
    dir = parent;
  }
  return dir;
}

export const ROOT = findRoot(__dirname);
export const PROJECT_PYTHON = join(ROOT, '.venv', 'bin', 'python');
const JUPYTER_SERVER = join(ROOT, '.venv', 'bin', 'jupyter-server');

/** Runs scripts/setup-heavy-kernel.sh (idempotent) and returns the heavy venv's python. */
export function ensureHeavyKernelPython(): string {
  const run = spawnSync(
    'bash',
    [join(ROOT, 'scripts', 'setup-heavy-kernel.sh')],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit']
    }
  );
  if (run.status !== 0) {
    throw new Error(
      `scripts/setup-heavy-kernel.sh failed (exit ${run.status})`
    );
  }
  const python = run.stdout.trim().split('\n').pop() ?? '';
  if (!existsSync(python)) {
    throw new Error(
      `scripts/setup-heavy-kernel.sh printed no python path: ${run.stdout}`
    );
  }
  return python;
}

export interface IJupyterServerOptions {
  /** Python of a venv with ipykernel, registered as the kernelspec `heavy`. */
  heavyPython?: string;
  /** Extra server flags, e.g. `--ServerApp.base_url=/user/alice/`. */
  extraArgs?: string[];
}

/** The CLI's private server (src/cli/jupyterServer.ts) with the tier's kernelspecs and a client. */
export class JupyterServer {
  readonly settings: ServerConnection.ISettings;
  readonly kernels: KernelManager;
  readonly log: string[];
  private constructor(readonly server: LocalJupyterServer) {
    this.settings = server.settings;
    this.log = server.log;
    this.kernels = new KernelManager({ serverSettings: this.settings });
  }

  static async start(
    options: IJupyterServerOptions = {}
  ): Promise<JupyterServer> {
    const kernelSpecs: { [name: string]: IKernelSpecFile } = {
      echo: {
        argv: [
          PROJECT_PYTHON,
          join(ROOT, 'tests', 'integration', 'fixtures', 'echo_kernel.py'),
          '-f',
          '{connection_file}'
        ],
        display_name: 'Echo (not Python)',
        language: 'echo'
      }
    };
    if (options.heavyPython) {
      kernelSpecs.heavy = pythonKernelSpec(
        options.heavyPython,
        'Python (TF + torch + onnx)'
      );
    }
    const server = await LocalJupyterServer.start({
      jupyter: JUPYTER_SERVER,
      kernelSpecs,
      isolated: true,
      extraArgs: options.extraArgs,
      startTimeoutMs: 60000
    });
    return new JupyterServer(server);
  }

  /** Starts a kernel of the given kernelspec and waits for its kernel_info. */
  async startKernel(name: string): Promise<Kernel.IKernelConnection> {
    const kernel = await this.kernels.startNew({ name });
    await kernel.info;
    return kernel;
  }

  async stop(): Promise<void> {
    await this.kernels.shutdownAll().catch(() => undefined);
    this.kernels.dispose();
    await this.server.stop();
  }
}
