/**
 * A real `jupyter server` for the Node integration tier: project venv, 127.0.0.1, a random
 * free port, a random token, and a test-local JUPYTER_PATH holding the extra kernelspecs
 * (the heavy TF/torch/onnx venv, a non-Python kernel). Nothing is registered globally.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

import { KernelManager, ServerConnection } from '@jupyterlab/services';
import type { Kernel } from '@jupyterlab/services';
import WebSocket from 'ws';

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
const JUPYTER = join(ROOT, '.venv', 'bin', 'jupyter');

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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port'))
      );
    });
  });
}

function writeKernelSpec(dataDir: string, name: string, spec: object): void {
  const dir = join(dataDir, 'kernels', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'kernel.json'), JSON.stringify(spec, null, 2));
}

export interface IJupyterServerOptions {
  /** Python of a venv with ipykernel, registered as the kernelspec `heavy`. */
  heavyPython?: string;
}

export class JupyterServer {
  readonly settings: ServerConnection.ISettings;
  readonly kernels: KernelManager;
  private constructor(
    private readonly process: ChildProcess,
    private readonly home: string,
    baseUrl: string,
    token: string,
    readonly log: string[]
  ) {
    this.settings = ServerConnection.makeSettings({
      baseUrl,
      wsUrl: baseUrl.replace(/^http/, 'ws'),
      token,
      appendToken: true,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket
    });
    this.kernels = new KernelManager({ serverSettings: this.settings });
  }

  static async start(
    options: IJupyterServerOptions = {}
  ): Promise<JupyterServer> {
    const home = mkdtempSync(join(tmpdir(), 'convert-doctor-it-'));
    const dataDir = join(home, 'data');
    if (options.heavyPython) {
      writeKernelSpec(dataDir, 'heavy', {
        argv: [
          options.heavyPython,
          '-m',
          'ipykernel_launcher',
          '-f',
          '{connection_file}'
        ],
        display_name: 'Python (TF + torch + onnx)',
        language: 'python'
      });
    }
    writeKernelSpec(dataDir, 'echo', {
      argv: [
        PROJECT_PYTHON,
        join(ROOT, 'tests', 'integration', 'fixtures', 'echo_kernel.py'),
        '-f',
        '{connection_file}'
      ],
      display_name: 'Echo (not Python)',
      language: 'echo'
    });
    // The tier needs only the kernels API: skip the server extensions (faster start).
    mkdirSync(join(home, 'config'), { recursive: true });
    writeFileSync(
      join(home, 'config', 'jupyter_server_config.json'),
      JSON.stringify({
        ServerApp: {
          jpserver_extensions: Object.fromEntries(
            [
              'jupyterlab',
              'notebook',
              'notebook_shim',
              'jupyter_lsp',
              'jupyter_server_terminals'
            ].map(name => [name, false])
          )
        }
      })
    );
    const port = await freePort();
    const token = randomBytes(16).toString('hex');
    const env = {
      ...process.env,
      JUPYTER_PATH: dataDir,
      JUPYTER_CONFIG_DIR: join(home, 'config'),
      JUPYTER_RUNTIME_DIR: join(home, 'runtime'),
      JUPYTER_DATA_DIR: join(home, 'data-user'),
      IPYTHONDIR: join(home, 'ipython')
    };
    const child = spawn(
      JUPYTER,
      [
        'server',
        '--allow-root',
        '--no-browser',
        '--ServerApp.ip=127.0.0.1',
        `--ServerApp.port=${port}`,
        '--ServerApp.port_retries=0',
        `--IdentityProvider.token=${token}`,
        `--ServerApp.root_dir=${home}`,
        // A kernel that dies stays dead, so the `dead` state can be observed.
        '--KernelRestarter.restart_limit=0'
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] }
    );
    const log: string[] = [];
    child.stdout?.on('data', chunk => log.push(String(chunk)));
    child.stderr?.on('data', chunk => log.push(String(chunk)));
    const server = new JupyterServer(
      child,
      home,
      `http://127.0.0.1:${port}/`,
      token,
      log
    );
    await server.waitUntilReady(30000);
    return server;
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) {
        throw new Error(`jupyter server exited:\n${this.log.join('')}`);
      }
      try {
        const response = await fetch(`${this.settings.baseUrl}api/status`, {
          headers: { Authorization: `token ${this.settings.token}` }
        });
        if (response.ok) {
          return;
        }
      } catch {
        // not listening yet
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    throw new Error(
      `jupyter server did not start in ${timeoutMs} ms:\n${this.log.join('')}`
    );
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
    if (this.process.exitCode === null) {
      const exited = new Promise(resolve => this.process.once('exit', resolve));
      this.process.kill('SIGTERM');
      await Promise.race([
        exited,
        new Promise(resolve => setTimeout(resolve, 10000))
      ]);
      if (this.process.exitCode === null) {
        this.process.kill('SIGKILL');
      }
    }
    rmSync(this.home, { recursive: true, force: true });
  }
}
