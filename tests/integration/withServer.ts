/**
 * The integration tier's one way to have a Jupyter server: `withServer()` in a test file or a
 * describe block starts a private server before its tests and stops it (and its kernels)
 * after them, so no test leaves a server behind.
 */
import { JupyterServer, ensureHeavyKernelPython } from './jupyterServer';

export interface IWithServerOptions {
  /** Register the heavy TF + torch + onnx venv as the kernelspec `heavy` (~1-2 min cold). */
  heavy?: boolean;
  /** Extra server flags, e.g. `--ServerApp.base_url=/user/alice/`. */
  extraArgs?: string[];
}

/** What the hooks set up; read it inside tests and hooks, not at load time. */
export interface IServed {
  readonly server: JupyterServer;
  /** The heavy venv's python (with `heavy: true`). */
  readonly heavyPython: string;
}

export function withServer(options: IWithServerOptions = {}): IServed {
  let server: JupyterServer | undefined;
  let heavyPython: string | undefined;
  beforeAll(
    async () => {
      // Idempotent: instant once scripts/setup-heavy-kernel.sh has built the cached venv.
      heavyPython = options.heavy ? ensureHeavyKernelPython() : undefined;
      server = await JupyterServer.start({
        heavyPython,
        extraArgs: options.extraArgs
      });
    },
    options.heavy ? 900000 : 120000
  );
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get server(): JupyterServer {
      if (!server) {
        throw new Error(
          'withServer: no server yet (read it in a test or hook)'
        );
      }
      return server;
    },
    get heavyPython(): string {
      if (!heavyPython) {
        throw new Error('withServer: no heavy venv (pass { heavy: true })');
      }
      return heavyPython;
    }
  };
}
