import { nullTranslator } from '@jupyterlab/translation';

import { OPENCV_TWO_WHEELS } from '../../core/__tests__/makeEnvReport';
import type { IEnvReport } from '../../core/types';
import { renderReport } from '../renderReport';
import { HOSTILE, sampleReport } from './fixtures';

const trans = nullTranslator.load('jupyterlab_convert_doctor');

function packageRow(root: HTMLElement, name: string): HTMLElement | null {
  return (
    Array.from(root.querySelectorAll<HTMLElement>('[data-package]')).find(
      node => node.dataset.package === name
    ) ?? null
  );
}

describe('renderReport', () => {
  it('shows the interpreter facts', () => {
    const root = renderReport(sampleReport(), trans);
    const fact = (key: string) =>
      root.querySelector(`[data-fact="${key}"]`)?.textContent;
    expect(fact('python-version')).toBe('3.11.9');
    expect(fact('implementation')).toBe('CPython');
    expect(fact('executable')).toBe('/work/.venv/bin/python');
    expect(fact('env-kind')).toBe('venv');
    expect(fact('host')).toBe('local');
    expect(root.querySelector('.jp-ConvertDoctor-probeTime')?.textContent).toBe(
      'Read in 12 ms'
    );
  });

  it('names the host platform', () => {
    const root = renderReport(sampleReport({ host: 'colab' }), trans);
    expect(root.querySelector('[data-fact="host"]')?.textContent).toBe(
      'Google Colab'
    );
  });

  it('carries installed and loaded versions as data attributes', () => {
    const root = renderReport(sampleReport(), trans);
    const numpy = packageRow(root, 'numpy')!;
    expect(numpy.dataset.installed).toBe('2.1.3');
    expect(numpy.dataset.loaded).toBe('2.1.3');
    expect(numpy.classList.contains('jp-mod-mismatch')).toBe(false);
    const onnx = packageRow(root, 'onnx')!;
    expect(onnx.dataset.installed).toBe('1.17.0');
    expect(onnx.dataset.loaded).toBe('');
    expect(onnx.textContent).toContain('not imported');
  });

  it('flags installed != loaded with a restart hint', () => {
    const root = renderReport(sampleReport(), trans);
    const tf = packageRow(root, 'tensorflow')!;
    expect(tf.classList.contains('jp-mod-mismatch')).toBe(true);
    expect(tf.textContent).toContain('restart the kernel');
    expect(tf.title).toContain('2.15.0');
    expect(
      root.querySelector('.jp-ConvertDoctor-restartWarning')?.textContent
    ).toContain('1 package is loaded at a different version');
  });

  it('lists packages that are not installed compactly, inside a disclosure', () => {
    const root = renderReport(sampleReport(), trans);
    const torch = packageRow(root, 'torch')!;
    expect(torch.tagName).toBe('LI');
    expect(torch.closest('details')).not.toBeNull();
    expect(torch.dataset.installed).toBe('');
    expect(torch.dataset.loaded).toBe('');
    expect(root.querySelector('details summary')?.textContent).toBe(
      'Not installed (1)'
    );
    // Present packages are table rows, not in the disclosure.
    expect(packageRow(root, 'numpy')!.closest('details')).toBeNull();
  });

  it('never shows a distribution that is not installed as loaded (its module is another’s)', () => {
    // tensorflow-cpu provides `tensorflow`: older probes gave tensorflow-gpu its version too.
    const root = renderReport(
      sampleReport({
        packages: {
          'tensorflow-cpu': { installed: '2.19.1', loaded: '2.19.1' },
          'tensorflow-gpu': { installed: null, loaded: '2.19.1' }
        }
      }),
      trans
    );
    expect(packageRow(root, 'tensorflow-cpu')!.dataset.loaded).toBe('2.19.1');
    const gpu = packageRow(root, 'tensorflow-gpu')!;
    expect(gpu.tagName).toBe('LI');
    expect(gpu.closest('details')).not.toBeNull();
    expect(gpu.dataset.loaded).toBe('');
  });

  it('flags two installed distributions of one module', () => {
    const root = renderReport(
      sampleReport({ packages: OPENCV_TWO_WHEELS }),
      trans
    );
    const contrib = packageRow(root, 'opencv-contrib-python')!;
    expect(contrib.classList.contains('jp-mod-conflict')).toBe(true);
    expect(contrib.dataset.loaded).toBe('4.14.0');
    expect(contrib.textContent).toContain('same module as opencv-python');
    expect(packageRow(root, 'opencv-python')!.dataset.loaded).toBe('');
  });

  it('survives a report with every field missing', () => {
    const root = renderReport({} as Partial<IEnvReport>, trans);
    expect(
      root.querySelector('[data-fact="python-version"]')?.textContent
    ).toBe('—');
    expect(root.querySelectorAll('[data-package]')).toHaveLength(0);
    expect(root.textContent).toContain(
      'None of the watched packages is installed.'
    );
    expect(root.textContent).toContain('Probe time unknown');
  });

  it('survives malformed package entries and CUDA fields', () => {
    const broken = {
      ...sampleReport(),
      packages: { numpy: null, keras: { installed: 3, loaded: '' } },
      cuda: { driver: '550.54', env: null, wheels: 'nope', libraries: 'x' }
    } as unknown as IEnvReport;
    const root = renderReport(broken, trans);
    expect(packageRow(root, 'numpy')!.dataset.installed).toBe('');
    expect(packageRow(root, 'keras')!.dataset.installed).toBe('');
    expect(root.querySelector('[data-fact="driver"]')?.textContent).toBe(
      '550.54'
    );
  });

  it('shows CUDA facts and what the probe could not read', () => {
    const root = renderReport(
      sampleReport({
        cuda: {
          driver: '550.54.15',
          env: { CUDA_VERSION: '12.4.1' },
          wheels: { 'nvidia-cudnn-cu12': '9.1.0.70' },
          cuda_runtime: '12.4',
          cudnn: '9.1.0',
          libraries: ['libcudnn.so.9']
        },
        errors: ['cannot read /proc/driver/nvidia/version']
      }),
      trans
    );
    expect(root.querySelector('[data-fact="cudnn"]')?.textContent).toBe(
      '9.1.0'
    );
    expect(root.querySelector('[data-fact="cuda-runtime"]')?.textContent).toBe(
      '12.4'
    );
    const cudaList = root.querySelector('.jp-ConvertDoctor-cudaDetails')!;
    expect(cudaList.textContent).toContain('CUDA_VERSION 12.4.1');
    expect(cudaList.textContent).toContain('nvidia-cudnn-cu12 9.1.0.70');
    expect(cudaList.textContent).toContain('libcudnn.so.9');
    expect(
      root.querySelector('.jp-ConvertDoctor-probeErrors')?.textContent
    ).toContain('cannot read /proc/driver/nvidia/version');
  });

  it('renders hostile kernel strings as text, never as HTML', () => {
    const hostile = sampleReport({
      python: {
        version: HOSTILE,
        implementation: HOSTILE,
        executable: HOSTILE,
        platform: HOSTILE,
        env_kind: HOSTILE
      },
      host: HOSTILE as unknown as IEnvReport['host'],
      packages: {
        [HOSTILE]: { installed: HOSTILE, loaded: '"><script>x</script>' }
      },
      cuda: {
        driver: HOSTILE,
        env: { [HOSTILE]: HOSTILE },
        wheels: {},
        cuda_runtime: null,
        cudnn: null,
        libraries: [HOSTILE]
      },
      errors: [HOSTILE]
    });
    const root = renderReport(hostile, trans);
    document.body.append(root);
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('[data-fact="executable"]')?.textContent).toBe(
      HOSTILE
    );
    const row = packageRow(root, HOSTILE)!;
    expect(row.dataset.installed).toBe(HOSTILE);
    expect(row.dataset.loaded).toBe('"><script>x</script>');
    expect(root.textContent).toContain(HOSTILE);
    root.remove();
  });
});
