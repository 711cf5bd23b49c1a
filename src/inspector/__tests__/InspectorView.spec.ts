import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import type { IFinding } from '../../core/types';
import { InspectorView } from '../InspectorView';
import { HOSTILE, sampleReport } from './fixtures';

function status(view: InspectorView): HTMLElement {
  return view.node.querySelector('.jp-ConvertDoctor-status') as HTMLElement;
}

describe('InspectorView states', () => {
  let view: InspectorView;
  beforeEach(() => {
    view = new InspectorView({ translator: nullTranslator });
    Widget.attach(view, document.body);
  });
  afterEach(() => view.dispose());

  it('starts with "open a notebook"', () => {
    expect(status(view).dataset.state).toBe('no-notebook');
    expect(status(view).textContent).toBe(
      'Open a notebook to inspect its kernel.'
    );
    expect(status(view).getAttribute('role')).toBe('status');
    expect(view.node.querySelector('[data-package]')).toBeNull();
  });

  it('shows a report and hides the status line when the probe succeeded', () => {
    view.setState({
      kind: 'result',
      result: { kind: 'ok', report: sampleReport() }
    });
    expect(status(view).hidden).toBe(true);
    expect(view.report?.python.version).toBe('3.11.9');
    expect(view.node.querySelectorAll('tr[data-package]')).toHaveLength(3);
  });

  it('says "no kernel" for a notebook without a kernel', () => {
    view.setState({ kind: 'result', result: { kind: 'no-kernel' } });
    expect(status(view).dataset.state).toBe('no-kernel');
    expect(status(view).textContent).toContain('no kernel');
  });

  it('tells non-Python kernels "Python kernels only" as information, not an error', () => {
    view.setState({
      kind: 'result',
      result: { kind: 'not-python', language: 'bash' }
    });
    expect(status(view).textContent).toBe(
      'Python kernels only: this notebook runs a bash kernel.'
    );
    expect(status(view).classList.contains('jp-mod-info')).toBe(true);
    expect(view.report).toBeNull();
  });

  it('says "waiting for the running cell" while queued behind a cell', () => {
    view.setState({ kind: 'probing', waiting: true });
    expect(status(view).dataset.state).toBe('waiting');
    expect(status(view).textContent).toContain('Waiting for the running cell');
  });

  it('keeps the previous report on timeout and marks it stale', () => {
    view.setState({
      kind: 'result',
      result: { kind: 'ok', report: sampleReport() }
    });
    view.setState({ kind: 'probing', waiting: false });
    expect(
      view.node.querySelector('.jp-ConvertDoctor-staleNote')
    ).not.toBeNull();
    view.setState({
      kind: 'result',
      result: { kind: 'timeout', waitedMs: 5000, busy: true }
    });
    expect(status(view).dataset.state).toBe('timeout-busy');
    expect(status(view).textContent).toContain('5.0 s');
    expect(view.report).not.toBeNull();
    expect(
      view.node.querySelector('.jp-ConvertDoctor-staleNote')
    ).not.toBeNull();
    view.setState({
      kind: 'result',
      result: { kind: 'timeout', waitedMs: 2000, busy: false }
    });
    expect(status(view).dataset.state).toBe('timeout');
  });

  it('says the kernel is dead and drops the report', () => {
    view.setState({
      kind: 'result',
      result: { kind: 'ok', report: sampleReport() }
    });
    view.setState({ kind: 'result', result: { kind: 'dead' } });
    expect(status(view).textContent).toBe('The kernel is dead — restart it.');
    expect(status(view).classList.contains('jp-mod-error')).toBe(true);
    expect(view.report).toBeNull();
    expect(view.node.querySelector('[data-package]')).toBeNull();
  });

  it('shows probe errors as text', () => {
    view.setState({
      kind: 'result',
      result: { kind: 'error', message: HOSTILE }
    });
    expect(status(view).textContent).toBe(`The probe failed: ${HOSTILE}`);
    expect(view.node.querySelector('img')).toBeNull();
  });

  it('asks for an explicit refresh when auto-refresh is off', () => {
    view.setState({ kind: 'manual' });
    expect(status(view).textContent).toContain('press Refresh');
  });

  it('emits visibility changes on show and hide', () => {
    const seen: boolean[] = [];
    view.visibilityChanged.connect((_, visible) => seen.push(visible));
    view.hide();
    view.show();
    expect(seen).toEqual([false, true]);
  });
});

describe('InspectorView findings', () => {
  const finding: IFinding = {
    rule: 'onnx-tf-needs-tf-2.x',
    severity: 'error',
    message: HOSTILE,
    explanation: 'onnx-tf 1.10 needs TensorFlow < 2.16.',
    sources: [
      'https://github.com/onnx/onnx-tensorflow/issues/1',
      'javascript:alert(1)'
    ],
    fix: ['onnx-tf-legacy-lane'],
    packages: { 'onnx-tf': '1.10.0' }
  };

  it('renders findings from the evaluator, with safe links only', () => {
    const view = new InspectorView({
      translator: nullTranslator,
      evaluateFindings: () => [finding]
    });
    view.setState({
      kind: 'result',
      result: { kind: 'ok', report: sampleReport() }
    });
    const item = view.node.querySelector(
      '.jp-ConvertDoctor-finding'
    ) as HTMLElement;
    expect(item.dataset.severity).toBe('error');
    expect(
      item.querySelector('.jp-ConvertDoctor-findingMessage')?.textContent
    ).toBe(HOSTILE);
    expect(item.querySelector('img')).toBeNull();
    const links = Array.from(item.querySelectorAll('a'));
    expect(links.map(a => a.href)).toEqual([
      'https://github.com/onnx/onnx-tensorflow/issues/1'
    ]);
    expect(links[0].rel).toBe('noopener noreferrer');
    expect(item.textContent).toContain('javascript:alert(1)');
    expect(item.textContent).toContain('Fix: onnx-tf-legacy-lane');
    expect(view.findings).toEqual([finding]);
    view.dispose();
  });

  it('keeps the panel alive when the evaluator throws', () => {
    const error = jest
      .spyOn(console, 'error')
      .mockImplementation(() => undefined);
    const view = new InspectorView({
      translator: nullTranslator,
      evaluateFindings: () => {
        throw new Error('broken rule');
      }
    });
    view.setState({
      kind: 'result',
      result: { kind: 'ok', report: sampleReport() }
    });
    expect(view.findings).toEqual([]);
    expect(view.node.querySelectorAll('tr[data-package]')).toHaveLength(3);
    expect(error).toHaveBeenCalled();
    error.mockRestore();
    view.dispose();
  });
});
