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

/** Two wheels of one module (`cv2`): each names the other in `also_provided_by`, as the probe does. */
export const OPENCV_TWO_WHEELS: { [distribution: string]: IPackageState } = {
  'opencv-python': {
    installed: '5.0.0.93',
    loaded: null,
    also_provided_by: ['opencv-contrib-python']
  },
  'opencv-contrib-python': {
    installed: '4.14.0.94',
    loaded: '4.14.0',
    also_provided_by: ['opencv-python']
  }
};
