/**
 * Ground truth read at test time from the same venv that runs the kernel (never hard-coded).
 */
import { execFileSync } from 'child_process';
import path from 'path';

export const VENV_PYTHON = path.resolve(
  __dirname,
  '..',
  '..',
  '.venv',
  'bin',
  'python'
);

export interface IVenvFacts {
  python: string;
  versions: { [distribution: string]: string | null };
}

/** The heavy kernel's venv (tensorflow-cpu, torch, onnx), built by scripts/setup-heavy-kernel.sh. */
export const HEAVY_VENV_PYTHON = path.resolve(
  __dirname,
  '..',
  '..',
  '.cache',
  'venvs',
  'heavy-kernel',
  'bin',
  'python'
);

export function venvFacts(
  distributions: string[],
  python: string = VENV_PYTHON
): IVenvFacts {
  const script = [
    'import importlib.metadata as m, json, platform, sys',
    'def v(d):',
    '    try:',
    '        return m.version(d)',
    '    except m.PackageNotFoundError:',
    '        return None',
    'print(json.dumps({"python": platform.python_version(),',
    '                  "versions": {d: v(d) for d in sys.argv[1:]}}))'
  ].join('\n');
  const out = execFileSync(python, ['-c', script, ...distributions], {
    encoding: 'utf-8'
  });
  return JSON.parse(out) as IVenvFacts;
}
