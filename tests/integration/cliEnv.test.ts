/**
 * `convert-doctor env` against real Jupyter servers and kernels: its own private server on the
 * heavy TF + torch venv (`--python`), an existing server behind a JupyterHub-style base URL
 * (`--url`), Ctrl-C while the server runs. Every run must leave no process behind.
 */
import { PROJECT_PYTHON, ensureHeavyKernelPython } from './jupyterServer';
import { metadataVersions } from './kernelHelpers';
import { withServer } from './withServer';
import {
  buildCli,
  expectCleanedUp,
  freshTmp,
  processesMentioning,
  runCli,
  serverArgs
} from './cliHelpers';

let heavyPython: string;

beforeAll(() => {
  buildCli();
  heavyPython = ensureHeavyKernelPython();
}, 900000);

describe('convert-doctor env --python', () => {
  it('reports the heavy venv as its kernel sees it, and stops its server', async () => {
    const tmp = freshTmp('cd-env-heavy-');
    const res = await runCli(['env', '--python', heavyPython, '--json'], {
      env: { TMPDIR: tmp }
    });
    expect(res.stderr).toMatch(/starting a Jupyter server/);
    expect([0, 1]).toContain(res.code);
    const out = JSON.parse(res.stdout); // stdout is exactly one JSON document
    const expected = metadataVersions(heavyPython, [
      'tensorflow-cpu',
      'torch',
      'onnx'
    ]);
    expect(out.report.python.executable).toBe(heavyPython);
    for (const [dist, version] of Object.entries(expected)) {
      expect(out.report.packages[dist]?.installed).toBe(version);
    }
    // exit 1 exactly when an error or warning rule fired
    const problem = out.findings.some((f: { severity: string }) =>
      ['error', 'warning'].includes(f.severity)
    );
    expect(res.code).toBe(problem ? 1 : 0);
    await expectCleanedUp(tmp);
  });

  it('prints the report as text without --json', async () => {
    const tmp = freshTmp('cd-env-text-');
    const res = await runCli(['env', '--python', PROJECT_PYTHON], {
      env: { TMPDIR: tmp }
    });
    const onnx = metadataVersions(PROJECT_PYTHON, ['onnx']).onnx;
    expect(res.stdout).toContain(`  onnx ${onnx}`);
    expect(res.stdout).toMatch(/^python: +3\.\d+\.\d+ \(/);
    expect(res.stdout).toMatch(/\nfindings:\n/);
    await expectCleanedUp(tmp);
  });

  it('stops the server and kernel on Ctrl-C', async () => {
    const tmp = freshTmp('cd-env-sigint-');
    let sent = false;
    const res = await runCli(['env', '--python', PROJECT_PYTHON, '--json'], {
      env: { TMPDIR: tmp },
      onStderr: (text, child) => {
        // Once the server runs and a kernel is starting: both must be stopped.
        if (!sent && text.includes('starting kernel')) {
          sent = true;
          expect(processesMentioning(tmp).length).toBeGreaterThan(0);
          child.kill('SIGINT');
        }
      }
    });
    expect(sent).toBe(true);
    expect(res.code).toBe(130);
    expect(res.stdout).toBe('');
    await expectCleanedUp(tmp);
  });

  it('refuses an interpreter without ipykernel, in one line (exit 2)', async () => {
    const res = await runCli(['env', '--python', '/bin/true', '--json']);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toBe(
      'convert-doctor: /bin/true is not a Python with ipykernel (install it there: /bin/true -m pip install ipykernel)\n'
    );
    const missing = await runCli(['env', '--python', '/no/such/python']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'convert-doctor: --python /no/such/python: no such file\n'
    );
  });
});

describe('convert-doctor env --url (JupyterHub-style base URL)', () => {
  const jupyter = withServer({
    heavy: true,
    extraArgs: ['--ServerApp.base_url=/user/alice/']
  });

  /** `convert-doctor env` on `kernel` of that server, the token given with --token. */
  const envOnKernel = (kernel: string, ...more: string[]) =>
    runCli(['env', ...serverArgs(jupyter.server), '--kernel', kernel, ...more]);

  it('probes a kernel of an existing server at /user/alice/ and leaves the server running', async () => {
    const base = jupyter.server.settings.baseUrl;
    expect(base).toMatch(/\/user\/alice\/$/);
    const res = await runCli([
      'env',
      '--url',
      `${base}lab?token=${jupyter.server.settings.token}`,
      '--kernel',
      'heavy',
      '--json'
    ]);
    expect([0, 1]).toContain(res.code);
    const out = JSON.parse(res.stdout);
    expect(out.report.python.executable).toBe(heavyPython);
    expect(out.report.packages.torch.installed).toBe(
      metadataVersions(heavyPython, ['torch']).torch
    );
    // The server is still up, and the kernel the CLI started is gone.
    const status = await fetch(`${base}api/kernels`, {
      headers: { Authorization: `token ${jupyter.server.settings.token}` }
    });
    expect(status.ok).toBe(true);
    expect(await status.json()).toEqual([]);
  });

  it('takes the token from --token too, and refuses a wrong one or a wrong kernel (exit 2)', async () => {
    const base = jupyter.server.settings.baseUrl;
    const ok = await envOnKernel('python3', '--json');
    expect([0, 1]).toContain(ok.code);
    expect(JSON.parse(ok.stdout).report.python.executable).toBe(PROJECT_PYTHON);
    const bad = await runCli(['env', '--url', base, '--token', 'wrong']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^convert-doctor: --url: .*token was refused/);
    const kernel = await envOnKernel('nope');
    expect(kernel.code).toBe(2);
    expect(kernel.stderr).toMatch(
      /no kernelspec "nope" on the server \(it has: .*heavy/
    );
    const notPython = await envOnKernel('echo');
    expect(notPython.code).toBe(1);
    expect(notPython.stderr).toMatch(/not Python/);
  });
});
