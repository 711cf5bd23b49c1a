import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv from 'ajv';
import { EXTRA_PACKAGE } from '../../core/distributionName';
import { parseExtraPackage } from '../../core/envReport';
import { DEFAULT_SETTINGS, readSettings } from '../settings';

const SCHEMA = JSON.parse(
  readFileSync(join(__dirname, '../../../schema/inspector.json'), 'utf-8')
);

/** "Extra package" settings: those the parser accepts, then those it refuses. */
const VALID_EXTRA = [
  'onnxruntime-openvino',
  'pillow:PIL',
  'opencv-python:cv2',
  'scikit-learn:sklearn, sklearn.utils',
  ' pillow : PIL ',
  'numpy:',
  'Tf_Keras',
  '3d-lib:lib3d',
  'a'.repeat(200),
  'a'.repeat(200) + ':m'
];
const INVALID_EXTRA = [
  '',
  '  ',
  'bad name',
  '<img>',
  '"; import os',
  '3d-lib',
  '3d-lib:',
  ':PIL',
  'pillow:PIL:junk',
  'pillow::PIL',
  'ok:not a module',
  'x:1mod',
  'x:a,,b',
  'x:a,',
  'x:a.b.',
  'x:a-b',
  'name-',
  'b'.repeat(201),
  'bad\ud800name'
];

describe('readSettings', () => {
  it('uses the defaults for a missing or broken composite', () => {
    for (const composite of [undefined, null, 42, 'x', []]) {
      expect(readSettings(composite)).toEqual(DEFAULT_SETTINGS);
    }
  });

  it('reads valid values', () => {
    expect(
      readSettings({
        probeTimeoutMs: 8000,
        extraPackages: ['onnxruntime-openvino', 'openvino'],
        autoRefresh: false
      })
    ).toEqual({
      probeTimeoutMs: 8000,
      extraPackages: ['onnxruntime-openvino', 'openvino'],
      autoRefresh: false
    });
  });

  it('falls back field by field and drops invalid names', () => {
    const settings = readSettings({
      probeTimeoutMs: 'soon',
      extraPackages: [
        'ok-name',
        3,
        '',
        ' spaced ',
        'bad name',
        '<img>',
        'ok-name'
      ],
      autoRefresh: 'yes'
    });
    expect(settings.probeTimeoutMs).toBe(DEFAULT_SETTINGS.probeTimeoutMs);
    expect(settings.extraPackages).toEqual(['ok-name', 'spaced']);
    expect(settings.autoRefresh).toBe(true);
  });

  it('drops a name longer than the probe accepts', () => {
    const longest = 'a'.repeat(200);
    expect(
      readSettings({ extraPackages: [longest, 'b'.repeat(201)] }).extraPackages
    ).toEqual([longest]);
  });

  it('lets the settings UI check names as the reader does', () => {
    // The settings schema is JSON and cannot import the pattern: this keeps the copy equal.
    expect(SCHEMA.properties.extraPackages.items.pattern).toBe(
      EXTRA_PACKAGE.source
    );
    expect(SCHEMA.properties.extraPackages.description).toContain(
      'name:module[,module…]'
    );
  });

  it('accepts in the settings UI exactly the extra packages the parser accepts', () => {
    const validate = new Ajv({ strict: false }).compile(SCHEMA);
    const accepts = (spec: string) => {
      try {
        parseExtraPackage(spec);
        return true;
      } catch {
        return false;
      }
    };
    for (const [specs, ok] of [
      [VALID_EXTRA, true],
      [INVALID_EXTRA, false]
    ] as const) {
      for (const spec of specs) {
        const results = {
          spec,
          parser: accepts(spec),
          schema: validate({ extraPackages: [spec] }),
          reader: readSettings({ extraPackages: [spec] }).extraPackages.length
        };
        expect(results).toEqual({
          spec,
          parser: ok,
          schema: ok,
          reader: ok ? 1 : 0
        });
      }
    }
    expect(parseExtraPackage(' pillow : PIL ').modules).toEqual(['PIL']);
    expect(readSettings({ extraPackages: ['pillow:PIL'] })).toEqual({
      ...DEFAULT_SETTINGS,
      extraPackages: ['pillow:PIL']
    });
  });

  it('clamps the timeout into a sane range', () => {
    expect(readSettings({ probeTimeoutMs: 1 }).probeTimeoutMs).toBe(500);
    expect(readSettings({ probeTimeoutMs: 1e9 }).probeTimeoutMs).toBe(120000);
    expect(readSettings({ probeTimeoutMs: Number.NaN }).probeTimeoutMs).toBe(
      5000
    );
  });
});
