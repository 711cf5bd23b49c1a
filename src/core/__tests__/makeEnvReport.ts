/**
 * The one builder of environment reports for tests: a valid IEnvReport as the probe sends it
 * (CPython 3.11.9 in a venv on a local host, no CUDA, nothing the probe could not read).
 * `packages` maps a distribution to its installed version (not loaded) or a full state;
 * `overrides` replaces sections, and merges into `python` and `cuda`.
 */
import type {
  ICudaInfo,
  IEnvReport,
  IPackageState,
  IPythonInfo
} from '../types';

export interface IEnvReportOverrides extends Partial<
  Omit<IEnvReport, 'python' | 'cuda'>
> {
  python?: Partial<IPythonInfo>;
  cuda?: Partial<ICudaInfo>;
}

export function makeEnvReport(
  packages: { [distribution: string]: string | IPackageState } = {},
  overrides: IEnvReportOverrides = {}
): IEnvReport {
  const { python, cuda, ...rest } = overrides;
  return {
    schema_version: 1,
    host: 'local',
    packages: Object.fromEntries(
      Object.entries(packages).map(([name, state]) => [
        name,
        typeof state === 'string' ? { installed: state, loaded: null } : state
      ])
    ),
    probe_ms: 12,
    errors: [],
    ...rest,
    python: {
      version: '3.11.9',
      implementation: 'CPython',
      executable: '/usr/bin/python3',
      platform: 'linux',
      env_kind: 'venv',
      ...python
    },
    cuda: {
      driver: null,
      env: {},
      wheels: {},
      cuda_runtime: null,
      cudnn: null,
      libraries: [],
      ...cuda
    }
  };
}
