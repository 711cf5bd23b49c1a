import { makeEnvReport } from '../../core/__tests__/makeEnvReport';
import type { IEnvReport } from '../../core/types';

export const HOSTILE = '<img src=x onerror=alert(1)>';

/** A report as the probe returns it: one mismatch, one missing, one hostile distribution. */
export function sampleReport(overrides: Partial<IEnvReport> = {}): IEnvReport {
  return makeEnvReport(
    {
      numpy: { installed: '2.1.3', loaded: '2.1.3' },
      tensorflow: { installed: '2.19.0', loaded: '2.15.0' },
      torch: { installed: null, loaded: null },
      onnx: { installed: '1.17.0', loaded: null }
    },
    {
      python: {
        executable: '/work/.venv/bin/python',
        platform: 'Linux-6.1.0-x86_64-with-glibc2.36'
      },
      probe_ms: 12.4,
      ...overrides
    }
  );
}
