/**
 * Runs the built `convert-doctor` bin (lib-node, as the package ships it) as a subprocess, with
 * its own TMPDIR so a test can assert that the private server and kernels left nothing behind.
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { type JupyterServer, PROJECT_PYTHON, ROOT } from './jupyterServer';

export const CLI = path.join(ROOT, 'lib-node', 'src', 'cli', 'main.js');

let built = false;
/** Compiles src/cli with tsconfig.node.json (once per test file). */
export function buildCli(): void {
  if (built) {
    return;
  }
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.node.json'
    ],
    { cwd: ROOT, stdio: 'pipe' }
  );
  built = true;
}

export interface ICliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ICliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  /** Called with each stderr chunk and the child (e.g. to send SIGINT at the right moment). */
  onStderr?: (text: string, child: ReturnType<typeof spawn>) => void;
}

export function runCli(
  args: string[],
  options: ICliOptions = {}
): Promise<ICliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => {
      stderr += chunk;
      options.onStderr?.(stderr, child);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`convert-doctor ${args.join(' ')} timed out:\n${stderr}`)
      );
    }, options.timeoutMs ?? 300000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** `--url <base URL> --token <token>`: how a CLI run reaches a running server (e.g. withServer's). */
export function serverArgs(server: JupyterServer): string[] {
  const { baseUrl, token } = server.settings;
  return ['--url', baseUrl, '--token', token];
}

/** A fresh TMPDIR for one CLI run. */
export function freshTmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Live processes whose command line mentions `text` (the CLI's TMPDIR: server home, kernels). */
export function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) {
      continue;
    }
    try {
      const cmdline = fs
        .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        .replace(/\0/g, ' ');
      if (cmdline.includes(text)) {
        found.push(`${pid}: ${cmdline}`);
      }
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/**
 * Asserts the run left no process mentioning its TMPDIR and no server home in it (gives the
 * server 5 s to exit). Files the notebook's own code wrote to TMPDIR are not the CLI's.
 */
export async function expectCleanedUp(tmp: string): Promise<void> {
  const deadline = Date.now() + 5000;
  let left = processesMentioning(tmp);
  while (left.length && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 200));
    left = processesMentioning(tmp);
  }
  expect(left).toEqual([]);
  expect(
    fs.readdirSync(tmp).filter(f => f.startsWith('convert-doctor-'))
  ).toEqual([]);
  fs.rmSync(tmp, { recursive: true, force: true });
}

/** Parses XML with Python's ElementTree (a real parser) into a JSON tree. */
export function parseXml(file: string): IXmlNode {
  const script = `
import json, sys, xml.etree.ElementTree as ET
def node(e):
    return {"tag": e.tag, "attrib": dict(e.attrib), "text": e.text or "", "children": [node(c) for c in e]}
print(json.dumps(node(ET.parse(sys.argv[1]).getroot())))
`;
  return JSON.parse(
    execFileSync(PROJECT_PYTHON, ['-c', script, file], { encoding: 'utf8' })
  );
}

export interface IXmlNode {
  tag: string;
  attrib: { [name: string]: string };
  text: string;
  children: IXmlNode[];
}
