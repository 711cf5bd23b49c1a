import { readFileSync } from 'fs';
import { join } from 'path';
import { DISTRIBUTION_NAME } from '../../core/distributionName';
import { DEFAULT_SETTINGS, readSettings } from '../settings';

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
    const schema = JSON.parse(
      readFileSync(join(__dirname, '../../../schema/inspector.json'), 'utf-8')
    );
    expect(schema.properties.extraPackages.items.pattern).toBe(
      DISTRIBUTION_NAME.source
    );
  });

  it('clamps the timeout into a sane range', () => {
    expect(readSettings({ probeTimeoutMs: 1 }).probeTimeoutMs).toBe(500);
    expect(readSettings({ probeTimeoutMs: 1e9 }).probeTimeoutMs).toBe(120000);
    expect(readSettings({ probeTimeoutMs: Number.NaN }).probeTimeoutMs).toBe(
      5000
    );
  });
});
