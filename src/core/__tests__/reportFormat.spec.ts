import {
  escapeMarkdown,
  formatReportJson,
  formatReportMarkdown,
  isVersionMismatch,
  packageRows
} from '../reportFormat';
import type { IEnvReport } from '../types';
import { makeEnvReport, OPENCV_TWO_WHEELS } from './makeEnvReport';
import { loadFailureLab } from './failureLabFixtures';

const HOSTILE = '<img src=x onerror=alert(1)>';

function report(overrides: Partial<IEnvReport> = {}): IEnvReport {
  return makeEnvReport(
    {
      torch: { installed: '2.13.0+cpu', loaded: '2.13.0+cpu' },
      tensorflow: { installed: '2.19.0', loaded: '2.15.0' },
      keras: { installed: null, loaded: null }
    },
    {
      python: {
        executable: '/opt/venv/bin/python',
        platform: 'Linux-x86_64'
      },
      host: 'colab',
      cuda: {
        driver: '550.54.15',
        wheels: { 'nvidia-cudnn-cu12': '9.1.0.70' },
        cuda_runtime: '12.4',
        cudnn: '9.1.0'
      },
      probe_ms: 21.7,
      errors: ['no /proc/driver/nvidia/version'],
      ...overrides
    }
  );
}

describe('isVersionMismatch', () => {
  it('compares only when both versions are known', () => {
    expect(isVersionMismatch({ installed: '2.19.0', loaded: '2.15.0' })).toBe(
      true
    );
    expect(isVersionMismatch({ installed: '2.19.0', loaded: '2.19.0' })).toBe(
      false
    );
    expect(isVersionMismatch({ installed: '2.19.0', loaded: null })).toBe(
      false
    );
    expect(isVersionMismatch({ installed: null, loaded: '1.0' })).toBe(false);
    expect(isVersionMismatch(undefined)).toBe(false);
  });
});

describe('packageRows', () => {
  it('sorts by name and flags mismatches', () => {
    expect(
      packageRows(report()).map(r => [r.distribution, r.mismatch])
    ).toEqual([
      ['keras', false],
      ['tensorflow', true],
      ['torch', false]
    ]);
  });

  it('tolerates a report without packages', () => {
    expect(packageRows({})).toEqual([]);
  });
});

describe('formatReportJson', () => {
  it('is the contract, unchanged', () => {
    const r = report();
    expect(JSON.parse(formatReportJson(r))).toEqual(r);
  });
});

describe('formatReportMarkdown', () => {
  it('holds the interpreter, the packages and the mismatch hint', () => {
    const md = formatReportMarkdown(report());
    expect(md).toContain('| Python | `3.11.9 (CPython)` |');
    expect(md).toContain('| Host | `colab` |');
    expect(md).toContain('| cuDNN | `9.1.0` |');
    expect(md).toContain('| torch | `2.13.0+cpu` | `2.13.0+cpu` |  |');
    expect(md).toContain(
      '| tensorflow | `2.19.0` | `2.15.0` | differs: restart the kernel |'
    );
    expect(md).toContain('Not installed: keras');
    expect(md).toContain('NVIDIA wheels: nvidia-cudnn-cu12 9.1.0.70');
    expect(md).toContain('- no /proc/driver/nvidia/version');
    expect(md).toContain('| Probe time | `22 ms` |');
  });

  it('lists missing packages as rows on request', () => {
    expect(formatReportMarkdown(report(), { includeMissing: true })).toContain(
      '| keras | — | — |  |'
    );
  });

  it('neutralises hostile strings: no raw HTML, no broken table', () => {
    const md = formatReportMarkdown(
      report({
        packages: { [HOSTILE]: { installed: 'a|b`c', loaded: HOSTILE } },
        errors: [HOSTILE]
      })
    );
    // Code spans are literal in Markdown; outside them every '<' must be escaped.
    const outsideCode = md.replace(/`[^`\n]*`/g, '');
    expect(outsideCode).not.toMatch(/(^|[^\\])</);
    expect(md).toContain('`<img src=x onerror=alert(1)>`');
    expect(md).toContain('\\<img src=x onerror=alert\\(1\\)\\>');
    expect(md).toContain("`a\\|b'c`");
  });

  it('adds findings with their sources', () => {
    const md = formatReportMarkdown(report(), {
      findings: [
        {
          rule: 'r',
          severity: 'warning',
          message: 'Keras 3 breaks tf.keras',
          explanation: '',
          sources: ['https://keras.io/getting_started/', 'not a url <b>'],
          fix: [],
          packages: {}
        }
      ]
    });
    expect(md).toContain('#### Findings');
    expect(md).toContain('- **warning** Keras 3 breaks tf.keras');
    expect(md).toContain('  - source: https://keras.io/getting_started/');
    expect(md).toContain('  - source: `not a url <b>`');
  });

  it('survives an empty report', () => {
    const md = formatReportMarkdown({});
    expect(md).toContain('| Python | — |');
  });
});

describe('escapeMarkdown', () => {
  it('escapes markup characters and newlines', () => {
    expect(escapeMarkdown('*a*\n[b](c)')).toBe('\\*a\\* \\[b\\]\\(c\\)');
    // No autolink, no list started by the text; versions stay readable.
    expect(escapeMarkdown('- https://x.example www.y.example 1.2.3')).toBe(
      '\\- https\\://x.example www\\.y.example 1.2.3'
    );
    expect(escapeMarkdown('12. item\u2028x')).toBe('12\\. item x');
  });
});

describe('the loaded column on the failure lab’s real reports', () => {
  // Recorded by an older probe, which gave every distribution of a module the module's version.
  const labReports = loadFailureLab();

  it('never shows a distribution that is not installed as loaded', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const [file, fx] of labReports) {
      for (const row of packageRows(fx.env)) {
        checked += 1;
        if (row.loaded !== null && row.installed === null) {
          wrong.push(`${file}: ${row.distribution}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
    const tf = labReports.find(
      ([file]) => file === 'keras3_model_save_savedmodel_dir.json'
    )![1].env;
    const rows = packageRows(tf);
    expect(rows.find(r => r.distribution === 'tensorflow')!.loaded).not.toBe(
      null
    );
    expect(
      rows.find(r => r.distribution === 'tensorflow-gpu')!.loaded
    ).toBeNull();
  });

  it('names the other distributions of the same module as a conflict', () => {
    const env = report({ packages: OPENCV_TWO_WHEELS });
    const rows = packageRows(env);
    expect(rows.map(r => [r.distribution, r.alsoProvidedBy])).toEqual([
      ['opencv-contrib-python', ['opencv-python']],
      ['opencv-python', ['opencv-contrib-python']]
    ]);
    expect(formatReportMarkdown(env)).toContain(
      'same module as opencv-contrib-python'
    );
  });
});
