/**
 * Where `env` and `check` get kernels: a private server for `--python PATH` (default `python3`
 * on PATH) or an existing server at `--url` (JupyterHub base URLs included).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { KernelSpecAPI, ServerConnection } from '@jupyterlab/services';

import { InputError, progress } from './io';
import {
  LocalJupyterServer,
  PYTHON_KERNEL_NAME,
  connectionSettings,
  findJupyterServer,
  pythonKernelSpec,
  waitForServer
} from './jupyterServer';

export interface IKernelHostOptions {
  python?: string;
  url?: string;
  token?: string;
  /** Served folder of a private server (notebooks' folder, so kernels start there). */
  rootDir?: string;
  quiet?: boolean;
}

export interface IKernelHost {
  settings: ServerConnection.ISettings;
  /** The kernelspec to use when neither --kernel nor the notebook names one. */
  defaultKernel: string;
  /** The interpreter of a private server's own kernelspec (undefined for --url). */
  python?: string;
  /** Served folder of a private server; undefined for --url (no shared filesystem assumed). */
  rootDir?: string;
  kernelNames(): Promise<string[]>;
  stop(): Promise<void>;
}

function resolvePython(python: string): string {
  if (python.includes(path.sep)) {
    const absolute = path.resolve(python);
    if (!fs.existsSync(absolute)) {
      throw new InputError(`--python ${python}: no such file`);
    }
    return absolute;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, python);
    if (dir && fs.existsSync(candidate)) {
      return candidate;
    }
  }
  throw new InputError(`--python ${python}: not found on PATH`);
}

function checkIpykernel(python: string): void {
  // A marker on stdout: any executable that exits 0 is not yet a Python with ipykernel.
  const probe = spawnSync(
    python,
    ['-c', 'import ipykernel; print("convert-doctor: ipykernel ok")'],
    { encoding: 'utf8', timeout: 60000 }
  );
  if (probe.error) {
    throw new InputError(`cannot run ${python}: ${probe.error.message}`);
  }
  if (
    probe.status !== 0 ||
    !probe.stdout.includes('convert-doctor: ipykernel ok')
  ) {
    throw new InputError(
      `${python} is not a Python with ipykernel (install it there: ${python} -m pip install ipykernel)`
    );
  }
}

/** `--url http://host/user/alice/?token=T`: the base URL and the token (from the URL, --token or $JUPYTER_TOKEN). */
export function parseServerUrl(
  url: string,
  token?: string
): { baseUrl: string; token: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`--url ${url}: not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InputError(`--url ${url}: expected http:// or https://`);
  }
  const fromUrl = parsed.searchParams.get('token') ?? undefined;
  parsed.search = '';
  parsed.hash = '';
  // A /lab or /tree page URL pasted from the browser: keep the base before it.
  const base = parsed.href.replace(/\/(lab|tree|notebooks)(\/.*)?$/, '/');
  return {
    baseUrl: base.endsWith('/') ? base : base + '/',
    token: token ?? fromUrl ?? process.env.JUPYTER_TOKEN ?? ''
  };
}

async function specNames(
  settings: ServerConnection.ISettings
): Promise<{ names: string[]; default: string }> {
  const specs = await KernelSpecAPI.getSpecs(settings);
  return { names: Object.keys(specs.kernelspecs), default: specs.default };
}

export async function openKernelHost(
  options: IKernelHostOptions
): Promise<IKernelHost> {
  if (options.url) {
    if (options.python) {
      throw new InputError('give --python or --url, not both');
    }
    const { baseUrl, token } = parseServerUrl(options.url, options.token);
    const settings = connectionSettings(baseUrl, token);
    try {
      await waitForServer(settings, 10000);
    } catch (err) {
      throw new InputError(`--url: ${(err as Error).message}`);
    }
    const specs = await specNames(settings);
    return {
      settings,
      defaultKernel: specs.default,
      kernelNames: async () => (await specNames(settings)).names,
      stop: async () => undefined
    };
  }
  if (options.token) {
    throw new InputError('--token needs --url');
  }
  const python = resolvePython(options.python ?? 'python3');
  checkIpykernel(python);
  const jupyter = findJupyterServer(python);
  if (!jupyter) {
    throw new InputError(
      'no jupyter-server found (beside the interpreter, on PATH or in the project .venv): ' +
        'pip install jupyter_server, or set CONVERT_DOCTOR_JUPYTER_SERVER, or pass --url'
    );
  }
  if (!options.quiet) {
    progress(`starting a Jupyter server (${jupyter}) for ${python}`);
  }
  let server: LocalJupyterServer;
  try {
    server = await LocalJupyterServer.start({
      jupyter,
      kernelSpecs: { [PYTHON_KERNEL_NAME]: pythonKernelSpec(python) },
      rootDir: options.rootDir
    });
  } catch (err) {
    throw new InputError((err as Error).message.split('\n')[0]);
  }
  return {
    settings: server.settings,
    defaultKernel: PYTHON_KERNEL_NAME,
    python,
    rootDir: options.rootDir,
    kernelNames: async () => (await specNames(server.settings)).names,
    stop: () => server.stop()
  };
}
