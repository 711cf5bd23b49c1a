import { nullTranslator } from '@jupyterlab/translation';

import { makeEnvReport } from '../core/__tests__/makeEnvReport';
import { SHIPPED_KNOWLEDGE } from '../core/shippedKnowledge';
import type { IFinding } from '../core/types';
import { findingItem, MAX_COMPACT_MESSAGE_CHARS } from '../findingItem';

const trans = nullTranslator.load('jupyterlab_convert_doctor');

// A real finding: the shipped rules on onnx-tf 1.10 with TensorFlow 2.16 and numpy 2.
const [finding] = SHIPPED_KNOWLEDGE.evaluateRules(
  makeEnvReport({
    'onnx-tf': '1.10.0',
    tensorflow: '2.16.1',
    keras: '3.3.3',
    numpy: '2.0.2'
  })
);

describe('findingItem', () => {
  it('reads alike in both variants: rule, severity badge and message', () => {
    expect(finding.sources.length).toBeGreaterThan(0);
    const full = findingItem(finding, trans, { variant: 'full' });
    const compact = findingItem(finding, trans, { variant: 'compact' });
    for (const item of [full, compact]) {
      expect(item.tagName).toBe('LI');
      expect(item.dataset.rule).toBe(finding.rule);
      expect(item.dataset.severity).toBe(finding.severity);
      expect(
        item.querySelector('.jp-ConvertDoctor-findingMessage')?.textContent
      ).toBe(finding.message);
    }
    expect(full.className).toBe(
      `jp-ConvertDoctor-finding jp-mod-${finding.severity}`
    );
    expect(compact.className).toBe('jp-ConvertDoctor-diagnosisFinding');
    expect(full.querySelector('.jp-ConvertDoctor-severity')?.textContent).toBe(
      compact.querySelector('.jp-ConvertDoctor-diagnosisSeverity')?.textContent
    );
  });

  it('keeps the compact item to one line: no explanation, fix or sources', () => {
    const compact = findingItem(finding, trans, { variant: 'compact' });
    expect(compact.textContent).toBe(
      `${compact.querySelector('.jp-ConvertDoctor-diagnosisSeverity')!.textContent} ${finding.message}`
    );
    expect(compact.querySelector('p, ul, a')).toBeNull();
  });

  it('shows the full item’s explanation, fix, note and sources in that order', () => {
    const note = document.createElement('p');
    note.className = 'jp-test-note';
    const full = findingItem(finding, trans, { variant: 'full', note });
    expect(Array.from(full.children).map(child => child.className)).toEqual([
      'jp-ConvertDoctor-findingTitle',
      'jp-ConvertDoctor-findingExplanation',
      ...(finding.fix.length > 0 ? ['jp-ConvertDoctor-findingFix'] : []),
      'jp-test-note',
      'jp-ConvertDoctor-findingSources'
    ]);
  });

  it('bounds a huge message in the compact item only and renders it as text', () => {
    const hostile: IFinding = {
      ...finding,
      severity: 'fatal' as IFinding['severity'],
      message: '<img src=x onerror=alert(1)>'.repeat(100_000),
      sources: ['javascript:alert(1)', 'https://example.org/ok']
    };
    const compact = findingItem(hostile, trans, { variant: 'compact' });
    const text = compact.querySelector(
      '.jp-ConvertDoctor-findingMessage'
    )!.textContent!;
    expect(text.length).toBe(MAX_COMPACT_MESSAGE_CHARS);
    expect(text.endsWith('…')).toBe(true);
    expect(compact.dataset.severity).toBe('info');

    const full = findingItem(hostile, trans, { variant: 'full' });
    expect(
      full.querySelector('.jp-ConvertDoctor-findingMessage')!.textContent
    ).toBe(hostile.message);
    expect(full.classList.contains('jp-mod-info')).toBe(true);
    expect(full.querySelector('img')).toBeNull();
    expect(Array.from(full.querySelectorAll('a')).map(a => a.href)).toEqual([
      'https://example.org/ok'
    ]);
    expect(full.textContent).toContain('javascript:alert(1)');
  });
});
