/**
 * Renders an EnvReport as DOM. Every kernel-supplied value goes through textContent or an
 * attribute, never through HTML parsing, and every field may be missing (older or broken probe).
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import { packageRows } from '../core/reportFormat';
import type { IEnvReport } from '../core/types';
import { el } from '../dom';
import { factList } from './factList';

const HOST_LABELS: { [host: string]: string } = {
  colab: 'Google Colab',
  kaggle: 'Kaggle',
  sagemaker: 'Amazon SageMaker',
  local: 'local'
};

export function renderReport(
  report: Partial<IEnvReport>,
  trans: TranslationBundle
): HTMLElement {
  const root = el('div', { className: 'jp-ConvertDoctor-report' });
  root.append(
    renderInterpreter(report, trans),
    renderPackages(report, trans),
    renderCuda(report, trans)
  );
  const footer = el('p', { className: 'jp-ConvertDoctor-probeTime' });
  footer.textContent =
    typeof report.probe_ms === 'number' && Number.isFinite(report.probe_ms)
      ? trans.__('Read in %1 ms', Math.round(report.probe_ms))
      : trans.__('Probe time unknown');
  root.append(footer);
  const errors = Array.isArray(report.errors) ? report.errors : [];
  if (errors.length > 0) {
    root.append(
      disclosure(
        'jp-ConvertDoctor-probeErrors',
        trans.__('The probe could not read %1 item(s)', errors.length),
        errors.map(error => el('li', { text: String(error) }))
      )
    );
  }
  return root;
}

function section(
  className: string,
  title: string,
  ...children: HTMLElement[]
): HTMLElement {
  const node = el('section', { className });
  node.setAttribute('aria-label', title);
  const heading = el('h3', { className: 'jp-ConvertDoctor-sectionTitle' });
  heading.textContent = title;
  node.append(heading, ...children);
  return node;
}

function renderInterpreter(
  report: Partial<IEnvReport>,
  trans: TranslationBundle
): HTMLElement {
  const python = report.python;
  const host = report.host ? (HOST_LABELS[report.host] ?? report.host) : null;
  return section(
    'jp-ConvertDoctor-interpreter',
    trans.__('Interpreter'),
    factList([
      [trans.__('Python'), python?.version, 'python-version'],
      [trans.__('Implementation'), python?.implementation, 'implementation'],
      [trans.__('Executable'), python?.executable, 'executable'],
      [trans.__('Platform'), python?.platform, 'platform'],
      [trans.__('Environment'), python?.env_kind, 'env-kind'],
      [trans.__('Host'), host, 'host']
    ])
  );
}

function renderPackages(
  report: Partial<IEnvReport>,
  trans: TranslationBundle
): HTMLElement {
  const rows = packageRows(report);
  const present = rows.filter(r => r.installed !== null || r.loaded !== null);
  const missing = rows.filter(r => r.installed === null && r.loaded === null);
  const children: HTMLElement[] = [];

  if (present.length > 0) {
    const table = el('table', { className: 'jp-ConvertDoctor-packages' });
    const caption = el('caption', { className: 'jp-ConvertDoctor-srOnly' });
    caption.textContent = trans.__('Installed and loaded versions');
    const head = el('thead');
    const headRow = el('tr');
    for (const label of [
      trans.__('Package'),
      trans.__('Installed'),
      trans.__('Loaded')
    ]) {
      const th = el('th');
      th.scope = 'col';
      th.textContent = label;
      headRow.append(th);
    }
    head.append(headRow);
    const body = el('tbody');
    for (const row of present) {
      const tr = el('tr', { className: 'jp-ConvertDoctor-package' });
      tr.dataset.package = row.distribution;
      tr.dataset.installed = row.installed ?? '';
      tr.dataset.loaded = row.loaded ?? '';
      const name = el('th');
      name.scope = 'row';
      name.textContent = row.distribution;
      const installed = el('td');
      installed.textContent = row.installed ?? trans.__('not installed');
      const loaded = el('td');
      loaded.textContent = row.loaded ?? trans.__('not imported');
      if (row.mismatch) {
        tr.classList.add('jp-mod-mismatch');
        const hint = el('span', { className: 'jp-ConvertDoctor-restartHint' });
        hint.textContent = trans.__('differs: restart the kernel');
        loaded.append(' ', hint);
        tr.title = trans.__(
          'The kernel runs %1 %2 but %3 is installed: restart the kernel to load the installed version.',
          row.distribution,
          row.loaded ?? '',
          row.installed ?? ''
        );
      }
      if (row.alsoProvidedBy.length > 0) {
        // Two wheels for one module (opencv-python and opencv-contrib-python): whichever was
        // installed last won the files, and the next upgrade of either can break the other.
        tr.classList.add('jp-mod-conflict');
        tr.dataset.alsoProvidedBy = row.alsoProvidedBy.join(' ');
        const hint = el('span', { className: 'jp-ConvertDoctor-conflictHint' });
        hint.textContent = trans.__(
          'same module as %1',
          row.alsoProvidedBy.join(', ')
        );
        installed.append(' ', hint);
      }
      tr.append(name, installed, loaded);
      body.append(tr);
    }
    table.append(caption, head, body);
    children.push(table);
  } else {
    const none = el('p', { className: 'jp-ConvertDoctor-empty' });
    none.textContent = trans.__('None of the watched packages is installed.');
    children.push(none);
  }

  const mismatches = present.filter(r => r.mismatch).length;
  if (mismatches > 0) {
    const warning = el('p', { className: 'jp-ConvertDoctor-restartWarning' });
    warning.setAttribute('role', 'note');
    warning.textContent = trans._n(
      '%1 package is loaded at a different version than installed (a pip install without a restart?): restart the kernel.',
      '%1 packages are loaded at a different version than installed (a pip install without a restart?): restart the kernel.',
      mismatches
    );
    children.push(warning);
  }

  if (missing.length > 0) {
    children.push(
      disclosure(
        'jp-ConvertDoctor-notInstalled',
        trans.__('Not installed (%1)', missing.length),
        missing.map(row => {
          const item = el('li', { className: 'jp-ConvertDoctor-package' });
          item.dataset.package = row.distribution;
          item.dataset.installed = '';
          item.dataset.loaded = '';
          item.textContent = row.distribution;
          return item;
        })
      )
    );
  }
  return section(
    'jp-ConvertDoctor-packagesSection',
    trans.__('Packages'),
    ...children
  );
}

function renderCuda(
  report: Partial<IEnvReport>,
  trans: TranslationBundle
): HTMLElement {
  const cuda = report.cuda;
  const wheels =
    cuda?.wheels && typeof cuda.wheels === 'object' ? cuda.wheels : {};
  const env = cuda?.env && typeof cuda.env === 'object' ? cuda.env : {};
  const libraries = Array.isArray(cuda?.libraries) ? cuda.libraries : [];
  const facts = factList([
    [trans.__('NVIDIA driver'), cuda?.driver, 'driver'],
    [trans.__('CUDA runtime'), cuda?.cuda_runtime, 'cuda-runtime'],
    [trans.__('cuDNN'), cuda?.cudnn, 'cudnn']
  ]);
  const children: HTMLElement[] = [facts];
  const details: [string, string][] = [
    ...Object.keys(env)
      .sort()
      .map((name): [string, string] => [name, String(env[name])]),
    ...Object.keys(wheels)
      .sort()
      .map((name): [string, string] => [name, String(wheels[name])]),
    ...libraries.map((lib): [string, string] => [String(lib), ''])
  ];
  if (details.length > 0) {
    children.push(
      disclosure(
        'jp-ConvertDoctor-cudaDetails',
        trans.__(
          'Environment variables, wheels and libraries (%1)',
          details.length
        ),
        details.map(([name, value]) =>
          el('li', { text: value ? `${name} ${value}` : name })
        )
      )
    );
  }
  return section(
    'jp-ConvertDoctor-cuda',
    trans.__('CUDA / cuDNN'),
    ...children
  );
}

/** A native <details> list: keyboard-accessible without extra code. */
function disclosure(
  className: string,
  summaryText: string,
  items: HTMLElement[]
): HTMLElement {
  return el('details', {
    className,
    children: [
      el('summary', { text: summaryText }),
      el('ul', { children: items })
    ]
  });
}
