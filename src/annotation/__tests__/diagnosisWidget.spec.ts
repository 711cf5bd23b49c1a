import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import recipesDocument from '../../../jupyterlab_convert_doctor/knowledge/recipes.json';
import { makeDiagnosis } from '../../core/__tests__/makeDiagnosis';
import { readRecipes, recipesFor } from '../../core/fixCell';
import type { IDiagnosis } from '../../core/types';
import {
  DIAGNOSIS_CLASS,
  DiagnosisWidget,
  IDiagnosisActions,
  MAX_EVIDENCE_CHARS
} from '../diagnosisWidget';

const trans = nullTranslator.load('jupyterlab_convert_doctor');
const recipes = readRecipes(recipesDocument);

// A diagnosis shaped as the classifier returns it for onnxruntime's IR check.
function irDiagnosis(overrides: Partial<IDiagnosis> = {}): IDiagnosis {
  return makeDiagnosis({
    category: 'onnxruntime_ir_version',
    confidence: 0.95,
    evidence:
      '[ONNXRuntimeError] : 1 : FAIL : Load model from m.onnx failed:Unsupported model IR version: 13, max supported IR version: 11',
    cause: 'environment',
    title: 'The model’s IR version is newer than this onnxruntime reads',
    explanation:
      'The model was saved by an onnx newer than this onnxruntime supports. Re-export with a lower opset.',
    sources: ['https://onnxruntime.ai/docs/reference/compatibility.html'],
    fixes: ['darknet-onnx', 'torch-onnx'],
    recipes: ['darknet-onnx', 'torch-onnx'],
    ...overrides
  });
}

function actions(): IDiagnosisActions & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    insertFix: id => calls.push(`insert:${id}`),
    runFix: () => calls.push('run'),
    copy: () => calls.push('copy'),
    dismiss: () => calls.push('dismiss')
  };
}

function make(diagnosis: IDiagnosis, acts = actions()) {
  const widget = new DiagnosisWidget({
    diagnosis,
    recipes: recipesFor(diagnosis, recipes),
    actions: acts,
    trans
  });
  Widget.attach(widget, document.body);
  return { widget, acts, node: widget.node };
}

const q = (node: HTMLElement, selector: string) =>
  node.querySelector(selector) as HTMLElement | null;

afterEach(() => {
  document.body.replaceChildren();
});

describe('DiagnosisWidget', () => {
  it('renders the category hook, cause kind, title, cause and evidence', () => {
    const { node } = make(irDiagnosis());
    expect(node.classList.contains(DIAGNOSIS_CLASS)).toBe(true);
    expect(node.dataset.category).toBe('onnxruntime_ir_version');
    expect(node.getAttribute('role')).toBe('region');
    expect(node.getAttribute('aria-label')).toContain('IR version is newer');
    expect(q(node, '.jp-ConvertDoctor-diagnosisCauseKind')?.textContent).toBe(
      'Cause: environment'
    );
    expect(q(node, '.jp-ConvertDoctor-diagnosisCause')?.textContent).toBe(
      'The model was saved by an onnx newer than this onnxruntime supports.'
    );
    expect(
      q(node, '.jp-ConvertDoctor-diagnosisEvidence')?.textContent
    ).toContain('Unsupported model IR version: 13');
    const link = q(
      node,
      '.jp-ConvertDoctor-diagnosisSources a'
    ) as HTMLAnchorElement;
    expect(link.href).toBe(
      'https://onnxruntime.ai/docs/reference/compatibility.html'
    );
    expect(link.rel).toBe('noopener noreferrer');
  });

  it('offers each fix recipe, inserts the chosen one and shows Run only once inserted', () => {
    const { widget, node, acts } = make(irDiagnosis());
    const select = q(node, 'select') as HTMLSelectElement;
    expect(Array.from(select.options).map(o => o.value)).toEqual([
      'darknet-onnx',
      'torch-onnx'
    ]);
    const run = q(node, '[data-action="run-fix"]') as HTMLButtonElement;
    expect(run.hidden).toBe(true);
    select.value = 'torch-onnx';
    q(node, '[data-action="insert-fix"]')!.click();
    expect(acts.calls).toEqual(['insert:torch-onnx']);
    widget.fixInserted = true;
    expect(run.hidden).toBe(false);
    run.click();
    q(node, '[data-action="copy"]')!.click();
    q(node, '[data-action="dismiss"]')!.click();
    expect(acts.calls).toEqual(['insert:torch-onnx', 'run', 'copy', 'dismiss']);
  });

  it('keeps HTML and script in a traceback as inert text', () => {
    const hostile =
      '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const { node } = make(
      irDiagnosis({
        evidence: `ValueError: ${hostile}`,
        title: hostile,
        explanation: hostile,
        sources: ['javascript:alert(1)', 'https://example.org/ok'],
        findings: [
          {
            rule: '<b>r</b>',
            severity: 'warning',
            message: hostile,
            explanation: '',
            sources: [],
            fix: [],
            packages: {}
          }
        ]
      })
    );
    expect(node.querySelector('img')).toBeNull();
    expect(node.querySelector('script')).toBeNull();
    expect(node.querySelector('b')).toBeNull();
    expect(q(node, '.jp-ConvertDoctor-diagnosisEvidence')?.textContent).toBe(
      `ValueError: ${hostile}`
    );
    const hrefs = Array.from(node.querySelectorAll('a')).map(a =>
      a.getAttribute('href')
    );
    expect(hrefs).toEqual(['https://example.org/ok']);
    expect((window as any).__pwned).toBeUndefined();
  });

  it('bounds a huge evidence line', () => {
    const { node } = make(irDiagnosis({ evidence: 'x'.repeat(5_000_000) }));
    const text = q(node, '.jp-ConvertDoctor-diagnosisEvidence')!.textContent!;
    expect(text.length).toBe(MAX_EVIDENCE_CHARS);
    expect(text.endsWith('…')).toBe(true);
  });

  it('is quiet for unknown: no cause, no evidence, no fix; findings and Copy only', () => {
    const { node } = make(
      makeDiagnosis({
        evidence: 'ZeroDivisionError: division by zero',
        findings: [
          {
            rule: 'numpy2-with-tf-lt-2.18',
            severity: 'warning',
            message: 'numpy 2.1.0 with tensorflow 2.15.0',
            explanation: 'x',
            sources: [],
            fix: [],
            packages: { numpy: '2.1.0' }
          }
        ]
      })
    );
    expect(node.dataset.category).toBe('unknown');
    expect(node.classList.contains('jp-mod-quiet')).toBe(true);
    expect(q(node, '.jp-ConvertDoctor-diagnosisCauseKind')).toBeNull();
    expect(q(node, '.jp-ConvertDoctor-diagnosisCause')).toBeNull();
    expect(q(node, '.jp-ConvertDoctor-diagnosisEvidence')).toBeNull();
    expect(q(node, '[data-action="insert-fix"]')).toBeNull();
    expect(q(node, '[data-action="run-fix"]')).toBeNull();
    expect(q(node, '[data-action="copy"]')).not.toBeNull();
    expect(
      q(node, '.jp-ConvertDoctor-diagnosisFindings')?.textContent
    ).toContain('numpy 2.1.0 with tensorflow 2.15.0');
  });

  it('offers no Insert button when no recipe fits; the explanation says what to do', () => {
    const { node } = make(irDiagnosis({ recipes: [] }));
    expect(q(node, '[data-action="insert-fix"]')).toBeNull();
    expect(q(node, '[data-action="run-fix"]')).toBeNull();
    expect(node.querySelector('select')).toBeNull();
    expect(q(node, '.jp-ConvertDoctor-diagnosisExplanation')?.textContent).toBe(
      irDiagnosis().explanation
    );
  });

  it('has labelled, native buttons that keyboard users can reach', () => {
    const { node } = make(irDiagnosis({ recipes: ['darknet-onnx'] }));
    const buttons = Array.from(node.querySelectorAll('button'));
    expect(buttons.map(b => b.dataset.action)).toEqual([
      'insert-fix',
      'run-fix',
      'copy',
      'dismiss'
    ]);
    for (const b of buttons) {
      expect(b.type).toBe('button');
      expect(b.getAttribute('aria-label')).toBeTruthy();
    }
    expect(node.querySelector('select')).toBeNull();
    expect(node.hasAttribute('data-lm-suppress-shortcuts')).toBe(true);
  });

  it('links an environment cause to the inspector, only when the app has one', () => {
    const acts = { ...actions(), openInspector: jest.fn() };
    const { node } = make(irDiagnosis({ recipes: [] }), acts);
    const inspect = q(node, '[data-action="open-inspector"]');
    expect(inspect).not.toBeNull();
    inspect!.click();
    expect(acts.openInspector).toHaveBeenCalledTimes(1);
    document.body.replaceChildren();
    const code = make(irDiagnosis({ cause: 'code', recipes: [] }), {
      ...actions(),
      openInspector: jest.fn()
    });
    expect(q(code.node, '[data-action="open-inspector"]')).toBeNull();
    document.body.replaceChildren();
    expect(
      q(make(irDiagnosis()).node, '[data-action="open-inspector"]')
    ).toBeNull();
  });

  it('re-renders in place with a refined diagnosis and keeps the inserted state', () => {
    const { widget, node } = make(irDiagnosis({ recipes: ['darknet-onnx'] }));
    widget.fixInserted = true;
    const refined = irDiagnosis({
      recipes: ['darknet-onnx'],
      title: 'Refined'
    });
    widget.render(
      refined,
      recipes.filter(r => r.id === 'darknet-onnx')
    );
    expect(q(node, '.jp-ConvertDoctor-diagnosisTitle')?.textContent).toBe(
      'Refined'
    );
    expect(
      (q(node, '[data-action="run-fix"]') as HTMLButtonElement).hidden
    ).toBe(false);
  });
});
