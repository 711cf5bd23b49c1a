import { readFileSync } from 'fs';
import { join } from 'path';

import { PROBE_SOURCE } from '../probeSource';

describe('probeSource', () => {
  it('is the current text of jupyterlab_convert_doctor/env_probe.py (run jlpm embed:probe)', () => {
    const root = join(__dirname, '..', '..', '..');
    const python = readFileSync(
      join(root, 'jupyterlab_convert_doctor', 'env_probe.py'),
      'utf8'
    );
    expect(PROBE_SOURCE).toBe(python);
  });
});
