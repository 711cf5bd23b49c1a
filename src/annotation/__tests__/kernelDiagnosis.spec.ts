import { OutputAreaModel } from '@jupyterlab/outputarea';
import { MimeModel } from '@jupyterlab/rendermime';
import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import { SHIPPED_KNOWLEDGE } from '../../core/shippedKnowledge';
import {
  INVALID_CLASS,
  type IKernelDiagnosisHost,
  KernelDiagnosisRenderer,
  kernelDiagnosisRendererFactory
} from '../diagnosisRenderer';
import { DIAGNOSIS_CLASS } from '../diagnosisWidget';
import {
  KERNEL_DIAGNOSIS_MIME,
  kernelDiagnosisAfter,
  readKernelDiagnosis
} from '../kernelDiagnosis';

const trans = nullTranslator.load('jupyterlab_convert_doctor');

const NP_FLOAT_SOURCE = [
  '# Darknet -> ONNX, from an old tutorial (numpy < 1.24)',
  'import numpy as np',
  'scale = np.float(1)'
].join('\n');

/**
 * What the kernel extension displays for a real np.float error: the engine's diagnosis plus
 * the fields bundle.diagnosis_json adds (recipes, execution_count, fix_command).
 */
function kernelPayload(): Record<string, unknown> {
  const diagnosis = SHIPPED_KNOWLEDGE.diagnose(
    {
      ename: 'AttributeError',
      evalue:
        "module 'numpy' has no attribute 'float'.\n`np.float` was a deprecated alias for the builtin `float`.",
      traceback: [
        "\u001b[31mAttributeError\u001b[39m: module 'numpy' has no attribute 'float'."
      ]
    },
    undefined,
    NP_FLOAT_SOURCE
  );
  return {
    ...diagnosis,
    execution_count: 2,
    fix_command: '%convert_doctor fix'
  };
}

function host(): IKernelDiagnosisHost & { copied: string[] } {
  const copied: string[] = [];
  return {
    copied,
    recipes: SHIPPED_KNOWLEDGE.recipes,
    trans,
    // jsdom has no notebook: the renderer must do without a cell.
    locate: () => null,
    fixCellsOf: () => {
      throw new Error('no notebook in this test');
    },
    copy: text => copied.push(text)
  };
}

async function render(value: unknown, h = host()) {
  const renderer = new KernelDiagnosisRenderer(h);
  await renderer.renderModel(
    new MimeModel({ data: { [KERNEL_DIAGNOSIS_MIME]: value as any } })
  );
  return { renderer, node: renderer.node, host: h };
}

describe('readKernelDiagnosis', () => {
  it('reads what the kernel extension sends for a real error', () => {
    const payload = kernelPayload();
    expect(payload.category).toBe('numpy_api_removed');
    const read = readKernelDiagnosis(payload);
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(read.diagnosis.category).toBe('numpy_api_removed');
      expect(read.diagnosis.recipes).toEqual(['darknet-onnx']);
      expect(read.diagnosis.evidence).toBe(payload.evidence);
      expect(read.diagnosis.confidence).toBe(payload.confidence);
      // Free text ("requirements: numpy<2 ...") as the knowledge writes it.
      expect(read.diagnosis.fixes).toEqual(payload.fixes);
      expect(read.diagnosis.fixes.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['null', null, 'not a JSON object'],
    ['an array', [1, 2], 'not a JSON object'],
    ['a string', '{"category":"x"}', 'not a JSON object'],
    ['no category', { ...kernelPayload(), category: undefined }, 'category'],
    [
      'a category that is markup',
      { ...kernelPayload(), category: '<img src=x>' },
      'category'
    ],
    ['confidence 7', { ...kernelPayload(), confidence: 7 }, 'confidence'],
    [
      'confidence as text',
      { ...kernelPayload(), confidence: '0.9' },
      'confidence'
    ],
    ['confidence NaN', { ...kernelPayload(), confidence: NaN }, 'confidence'],
    ['a title object', { ...kernelPayload(), title: { a: 1 } }, 'title'],
    ['no evidence', { ...kernelPayload(), evidence: undefined }, 'evidence'],
    [
      'recipes as text',
      { ...kernelPayload(), recipes: 'darknet-onnx' },
      'recipes'
    ]
  ])('refuses %s with a short reason', (_name, value, word) => {
    const read = readKernelDiagnosis(value);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.reason).toContain(word);
      expect(read.reason.length).toBeLessThan(80);
    }
  });

  it('drops what it cannot use: odd recipe ids, findings, sources, an unknown cause', () => {
    const read = readKernelDiagnosis({
      ...kernelPayload(),
      cause: 'whatever',
      recipes: ['darknet-onnx', '<script>', 7, null, 'x\nimport os'],
      sources: ['https://numpy.org/', { toString: 1 }],
      findings: [
        {
          rule: 'r1',
          severity: 'error',
          message: 'kept',
          packages: { numpy: '2.1.3', __proto__: 'x' }
        },
        { rule: 'r2', severity: 'fatal', message: 'odd severity' },
        { rule: '<b>', severity: 'info', message: 'odd rule' },
        'not an object'
      ]
    });
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(read.diagnosis.cause).toBeNull();
      expect(read.diagnosis.recipes).toEqual(['darknet-onnx']);
      expect(read.diagnosis.sources).toEqual(['https://numpy.org/']);
      expect(read.diagnosis.findings.map(f => f.message)).toEqual(['kept']);
      expect(read.diagnosis.findings[0].packages).toEqual({ numpy: '2.1.3' });
    }
  });

  it('bounds a 1 MB text field', () => {
    const read = readKernelDiagnosis({
      ...kernelPayload(),
      evidence: 'x'.repeat(1024 * 1024)
    });
    expect(read.ok && read.diagnosis.evidence.length).toBeLessThanOrEqual(
      8 * 1024
    );
  });
});

describe('kernelDiagnosisAfter', () => {
  const error = {
    output_type: 'error',
    ename: 'AttributeError',
    evalue: 'no float',
    traceback: []
  };
  const bundle = {
    output_type: 'display_data',
    data: {
      'text/plain': 'Convert Doctor: ...',
      [KERNEL_DIAGNOSIS_MIME]: kernelPayload()
    },
    metadata: {}
  } as any;

  it('finds the bundle displayed after the cell’s error', () => {
    const outputs = new OutputAreaModel({ values: [error as any, bundle] });
    expect(kernelDiagnosisAfter(outputs, outputs.get(0))).toBe(outputs.get(1));
  });

  it('ignores a bundle from before the error (e.g. %convert_doctor diagnose above it)', () => {
    const outputs = new OutputAreaModel({ values: [bundle, error as any] });
    expect(kernelDiagnosisAfter(outputs, outputs.get(1))).toBeNull();
  });

  it('ignores other displays', () => {
    const outputs = new OutputAreaModel({
      values: [
        error as any,
        {
          output_type: 'display_data',
          data: { 'text/plain': 'x' },
          metadata: {}
        }
      ]
    });
    expect(kernelDiagnosisAfter(outputs, outputs.get(0))).toBeNull();
  });
});

describe('KernelDiagnosisRenderer', () => {
  afterEach(() => {
    document.body.replaceChildren();
  });

  it('renders the kernel’s diagnosis as the annotation, with the recipe it fits', async () => {
    const { node } = await render(kernelPayload());
    const annotation = node.querySelector(`.${DIAGNOSIS_CLASS}`) as HTMLElement;
    expect(annotation).not.toBeNull();
    expect(annotation.dataset.source).toBe('kernel');
    expect(annotation.dataset.category).toBe('numpy_api_removed');
    expect(node.querySelector('[data-action="insert-fix"]')).not.toBeNull();
    // The output cannot be dismissed like an annotation: Clear Output removes it.
    expect(node.querySelector('[data-action="dismiss"]')).toBeNull();
    expect(node.textContent).not.toContain('"category"');
  });

  it('keeps hostile text inert', async () => {
    const hostile =
      '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const { node } = await render({
      ...kernelPayload(),
      title: hostile,
      evidence: hostile,
      explanation: hostile,
      sources: ['javascript:alert(1)']
    });
    expect(node.querySelector('img, script')).toBeNull();
    expect(node.querySelector('a[href^="javascript"]')).toBeNull();
    expect(node.textContent).toContain('<img src=x');
  });

  it('offers only this extension’s recipes that fix the category', async () => {
    const { node } = await render({
      ...kernelPayload(),
      // torch-onnx exists but does not fix numpy_api_removed; the other is unknown.
      recipes: ['torch-onnx', 'rm-rf-everything']
    });
    expect(node.querySelector('[data-action="insert-fix"]')).toBeNull();
  });

  it('shows one plain line for a malformed object, and no annotation', async () => {
    const { node } = await render({ category: 'x', confidence: 'high' });
    expect(node.querySelector(`.${DIAGNOSIS_CLASS}`)).toBeNull();
    const line = node.querySelector(`.${INVALID_CLASS}`)!;
    expect(line.textContent).toContain('could not be shown');
    expect(line.textContent).toContain('confidence');
  });

  it('renders again in place when the output is updated', async () => {
    const { renderer, node } = await render({ nonsense: true });
    await renderer.renderModel(
      new MimeModel({
        data: { [KERNEL_DIAGNOSIS_MIME]: kernelPayload() as any }
      })
    );
    expect(node.querySelectorAll(`.${DIAGNOSIS_CLASS}`)).toHaveLength(1);
    expect(node.querySelector(`.${INVALID_CLASS}`)).toBeNull();
  });

  it('outside a notebook: no fix buttons once attached, Copy still works', async () => {
    const { renderer, node, host: h } = await render(kernelPayload());
    Widget.attach(renderer, document.body);
    expect(node.querySelector('[data-action="insert-fix"]')).toBeNull();
    (node.querySelector('[data-action="copy"]') as HTMLElement).click();
    expect(h.copied).toHaveLength(1);
    expect(h.copied[0]).toContain('numpy_api_removed');
  });

  it('is a safe factory for the mime type, ranked before text/html', () => {
    const factory = kernelDiagnosisRendererFactory(host());
    expect(factory.mimeTypes).toEqual([KERNEL_DIAGNOSIS_MIME]);
    expect(factory.safe).toBe(true);
    expect(factory.defaultRank).toBeLessThan(50);
  });
});
