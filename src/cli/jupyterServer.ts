/**
 * A private `jupyter server` for the CLI (`--python`) and the Node integration tests: on
 * 127.0.0.1, a free random port, a random token, its own runtime/config folders in a temporary
 * home, a temporary kernelspec per interpreter (that interpreter needs only ipykernel), stopped
 * on stop(), on Ctrl-C and on SIGTERM (cleanup.ts). `connect()` gives the same settings for an existing
 * server (`--url`, base URLs such as /user/alice/ included).
 */
import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import { createServer } from 'net';
import * as os from 'os';
import * as path from 'path';

import { ServerConnection } from '@jupyterlab/services';
import WebSocket from 'ws';

import { onStop } from './cleanup';

/** The kernelspec `--python` registers, in the temporary JUPYTER_PATH folder. */
export const PYTHON_KERNEL_NAME = 'convert-doctor-python';

/** Server extensions a kernels-only server does not need (a faster start). */
const SKIPPED_EXTENSIONS = [
  'jupyterlab',
  'notebook',
  'notebook_shim',
  'jupyter_lsp',
  'jupyter_server_terminals',
  'jupyterlab_convert_doctor',
  'nbclassic',
  'voila'
];

export interface IKernelSpecFile {
  argv: string[];
  display_name: string;
  language: string;
  [key: string]: unknown;
}

/** A kernelspec running `python -m ipykernel_launcher`: all that interpreter needs is ipykernel. */
export function pythonKernelSpec(
  python: string,
  displayName = `Python (${python})`
): IKernelSpecFile {
  return {
    argv: [python, '-m', 'ipykernel_launcher', '-f', '{connection_file}'],
    display_name: displayName,
    language: 'python'
  };
}

export interface ILocalServerOptions {
  /** `jupyter-server` (or `jupyter`, then `server` is added) to run. */
  jupyter: string;
  /** Kernelspecs to register for this server only: name -> kernel.json. */
  kernelSpecs?: { [name: string]: IKernelSpecFile };
  /** Served folder (kernel cwd); defaults to the temporary home. */
  rootDir?: string;
  /** Hide the user's Jupyter data and kernelspecs (tests); default false. */
  isolated?: boolean;
  /** Extra command-line flags, e.g. `--ServerApp.base_url=/user/alice/`. */
  extraArgs?: string[];
  startTimeoutMs?: number;
}

/** Settings of the services client for a server at `baseUrl` with `token`, from Node. */
export function connectionSettings(
  baseUrl: string,
  token: string
): ServerConnection.ISettings {
  const base = baseUrl.endsWith('/') ? baseUrl : baseUrl + '/';
  return ServerConnection.makeSettings({
    baseUrl: base,
    wsUrl: base.replace(/^http/, 'ws'),
    token,
    appendToken: true,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no free port'))
      );
    });
  });
}

/** Waits for `GET api/status` to answer 200 (a server that exits or never answers throws). */
export async function waitForServer(
  settings: ServerConnection.ISettings,
  timeoutMs: number,
  exited: () => boolean = () => false
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (exited()) {
      throw new Error('jupyter server exited');
    }
    try {
      const response = await fetch(`${settings.baseUrl}api/status`, {
        headers: { Authorization: `token ${settings.token}` },
        signal: AbortSignal.timeout(5000)
      });
      if (response.ok) {
        return;
      }
      last = `HTTP ${response.status}`;
      if (response.status === 403 || response.status === 401) {
        throw new Error(`${settings.baseUrl}: the token was refused (${last})`);
      }
    } catch (err) {
      if ((err as Error).message.includes('token was refused')) {
        throw err;
      }
      last = (err as Error).message;
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(
    `no Jupyter server answered at ${settings.baseUrl} within ${Math.round(timeoutMs / 1000)} s (${last})`
  );
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) {
      return path.join(dir, name);
    }
  }
  return null;
}

/** The repository (or installed package) folder above this file holding `.venv`, if any. */
function packageVenvBin(): string | null {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const bin = path.join(dir, '.venv', 'bin');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(bin)) {
      return bin;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      break;
    }
    dir = parent;
  }
  return null;
}

/**
 * The `jupyter-server` that hosts `--python` kernels, first found of: $CONVERT_DOCTOR_JUPYTER_SERVER,
 * beside the interpreter, on PATH, in the project's .venv. The interpreter itself needs only
 * ipykernel, so the server usually comes from somewhere else.
 */
export function findJupyterServer(python?: string): string | null {
  const candidates: (string | null)[] = [
    process.env.CONVERT_DOCTOR_JUPYTER_SERVER ?? null,
    python && path.isAbsolute(python)
      ? path.join(path.dirname(python), 'jupyter-server')
      : null,
    onPath('jupyter-server'),
    ((bin: string | null) => (bin ? path.join(bin, 'jupyter-server') : null))(
      packageVenvBin()
    )
  ];
  return candidates.find(c => c && isExecutable(c)) ?? null;
}

function writeKernelSpec(
  dataDir: string,
  name: string,
  spec: IKernelSpecFile
): void {
  const dir = path.join(dataDir, 'kernels', name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'kernel.json'), JSON.stringify(spec));
}

/** Servers not yet stopped: killed synchronously if the process exits without stop(). */
const live = new Set<LocalJupyterServer>();
process.once('exit', () => {
  for (const server of live) {
    server.killNow();
  }
});

export class LocalJupyterServer {
  private constructor(
    private readonly child: ChildProcess,
    /** Temporary folder holding runtime, config and kernelspecs; removed by stop(). */
    readonly home: string,
    readonly settings: ServerConnection.ISettings,
    readonly log: string[]
  ) {}

  /** Unregisters the Ctrl-C cleanup (set by start()). */
  private forgetCleanup: () => void = () => undefined;

  get pid(): number | undefined {
    return this.child.pid;
  }

  static async start(
    options: ILocalServerOptions
  ): Promise<LocalJupyterServer> {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'convert-doctor-srv-'));
    const dataDir = path.join(home, 'data');
    fs.mkdirSync(dataDir, { recursive: true });
    for (const [name, spec] of Object.entries(options.kernelSpecs ?? {})) {
      writeKernelSpec(dataDir, name, spec);
    }
    const configDir = path.join(home, 'config');
    fs.mkdirSync(configDir, { recursive: true });
    fs.writeFileSync(
      path.join(configDir, 'jupyter_server_config.json'),
      JSON.stringify({
        ServerApp: {
          jpserver_extensions: Object.fromEntries(
            SKIPPED_EXTENSIONS.map(name => [name, false])
          )
        }
      })
    );
    const inherited = options.isolated ? '' : (process.env.JUPYTER_PATH ?? '');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // Ours first; the user's kernelspecs stay visible unless isolated.
      JUPYTER_PATH: [dataDir, inherited].filter(Boolean).join(path.delimiter),
      JUPYTER_CONFIG_DIR: configDir,
      JUPYTER_RUNTIME_DIR: path.join(home, 'runtime'),
      IPYTHONDIR: path.join(home, 'ipython')
    };
    if (options.isolated) {
      env.JUPYTER_DATA_DIR = path.join(home, 'data-user');
    }
    const port = await freePort();
    const token = randomBytes(24).toString('hex');
    const args = [
      '--allow-root',
      '--no-browser',
      '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${port}`,
      '--ServerApp.port_retries=0',
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${options.rootDir ?? home}`,
      // A kernel that dies stays dead, so it is reported as such.
      '--KernelRestarter.restart_limit=0',
      ...(options.extraArgs ?? [])
    ];
    const isBareJupyter = path.basename(options.jupyter) === 'jupyter';
    // Token and port are on the command line of a loopback-only server we own; the temporary
    // home is private (mkdtemp, 0700).
    const child = spawn(
      options.jupyter,
      isBareJupyter ? ['server', ...args] : args,
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true // its own process group: the terminal's Ctrl-C reaches only us
      }
    );
    const log: string[] = [];
    const keep = (chunk: Buffer) => {
      log.push(String(chunk));
      if (log.length > 400) {
        log.splice(0, log.length - 400);
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let spawnError: Error | null = null;
    child.on('error', err => (spawnError = err));
    const baseUrlPath =
      (options.extraArgs ?? [])
        .map(a => /^--ServerApp\.base_url=(.*)$/.exec(a)?.[1])
        .find(Boolean) ?? '/';
    const server = new LocalJupyterServer(
      child,
      home,
      connectionSettings(
        `http://127.0.0.1:${port}${baseUrlPath.startsWith('/') ? '' : '/'}${baseUrlPath}`,
        token
      ),
      log
    );
    live.add(server);
    server.forgetCleanup = onStop(() => server.stop());
    try {
      await waitForServer(
        server.settings,
        options.startTimeoutMs ?? 60000,
        () => spawnError !== null || child.exitCode !== null
      );
    } catch (err) {
      await server.stop();
      const why = spawnError
        ? `cannot run ${options.jupyter}: ${(spawnError as Error).message}`
        : `${(err as Error).message}\n${log.join('').slice(-2000)}`;
      throw new Error(`jupyter server did not start: ${why}`);
    }
    return server;
  }

  /** Shuts the kernels down through the API, then the server; removes the temporary home. */
  async stop(): Promise<void> {
    if (!live.has(this)) {
      return;
    }
    live.delete(this);
    this.forgetCleanup();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      try {
        await fetch(`${this.settings.baseUrl}api/shutdown`, {
          method: 'POST',
          headers: { Authorization: `token ${this.settings.token}` },
          signal: AbortSignal.timeout(5000)
        });
      } catch {
        // fall through to signals
      }
      const exited = new Promise(resolve => this.child.once('exit', resolve));
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise(resolve => setTimeout(() => resolve(false), 10000))
      ]);
      if (!stopped) {
        this.killGroup('SIGTERM');
        await Promise.race([
          exited,
          new Promise(resolve => setTimeout(resolve, 5000))
        ]);
        this.killGroup('SIGKILL');
      }
    }
    fs.rmSync(this.home, { recursive: true, force: true });
  }

  /** Synchronous kill of the server's process group (process 'exit' handler). */
  killNow(): void {
    this.killGroup('SIGKILL');
    fs.rmSync(this.home, { recursive: true, force: true });
  }

  private killGroup(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) {
      return;
    }
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // already gone
    }
  }
}
