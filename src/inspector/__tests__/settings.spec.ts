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

  it('clamps the timeout into a sane range', () => {
    expect(readSettings({ probeTimeoutMs: 1 }).probeTimeoutMs).toBe(500);
    expect(readSettings({ probeTimeoutMs: 1e9 }).probeTimeoutMs).toBe(120000);
    expect(readSettings({ probeTimeoutMs: Number.NaN }).probeTimeoutMs).toBe(
      5000
    );
  });
});
