import { nullTranslator } from '@jupyterlab/translation';

import type { IDiagnosis, IEnvReport } from '../../core/types';
import { InspectorView } from '../InspectorView';
import type { IFailedCellItem } from '../renderFailedCells';
import { HOSTILE } from './fixtures';
import { readFailureLabFixture } from '../../core/__tests__/failureLabFixtures';
import { SHIPPED_KNOWLEDGE } from '../../core/shippedKnowledge';

// A real failure and the real environment it failed in (failure lab: onnx 1.12 + protobuf 4).
const fixture = readFailureLabFixture('onnx112_protobuf4_descriptors.json');
const env: IEnvReport = fixture.env;
const diagnosis: IDiagnosis = SHIPPED_KNOWLEDGE.diagnose(fixture, env);

function itemOf(d: IDiagnosis, cellId: string, index: number): IFailedCellItem {
  return {
    cellId,
    index,
    category: d.category,
    title: d.title,
    rules: d.findings.map(f => f.rule)
  };
}

function viewWithReport(): InspectorView {
  const view = new InspectorView({
    translator: nullTranslator,
    evaluateFindings: r => SHIPPED_KNOWLEDGE.evaluateRules(r)
  });
  view.setState({ kind: 'result', result: { kind: 'ok', report: env } });
  return view;
}

describe('the inspector’s failed cells', () => {
  it('lists each diagnosed cell (number, title) with a button that asks to go to it', () => {
    const view = viewWithReport();
    const visited: string[] = [];
    view.setFailedCells([itemOf(diagnosis, 'cell-x', 2)], id =>
      visited.push(id)
    );
    const items = Array.from(
      view.node.querySelectorAll<HTMLElement>('.jp-ConvertDoctor-failedCell')
    );
    expect(items.map(i => i.dataset.category)).toEqual(['protobuf_too_new']);
    expect(
      items[0].querySelector('.jp-ConvertDoctor-failedCellTitle')?.textContent
    ).toBe(diagnosis.title);
    const button = items[0].querySelector<HTMLButtonElement>(
      'button[data-action="go-to-cell"]'
    )!;
    expect(button.textContent).toBe('Cell 3');
    button.click();
    expect(visited).toEqual(['cell-x']);
    view.dispose();
  });

  it('marks the findings the diagnosis lists, pointing at the cell, and only those', () => {
    const view = viewWithReport();
    const visited: string[] = [];
    view.setFailedCells([itemOf(diagnosis, 'cell-x', 0)], id =>
      visited.push(id)
    );
    const explaining = new Set(diagnosis.findings.map(f => f.rule));
    expect(explaining.size).toBeGreaterThan(0);
    const findings = Array.from(
      view.node.querySelectorAll<HTMLElement>('.jp-ConvertDoctor-finding')
    );
    const marked = findings.filter(f =>
      f.classList.contains('jp-mod-explainsCell')
    );
    expect(marked.map(f => f.dataset.rule).sort()).toEqual(
      findings
        .map(f => f.dataset.rule!)
        .filter(rule => explaining.has(rule))
        .sort()
    );
    expect(marked.length).toBeGreaterThan(0);
    marked[0]
      .querySelector<HTMLButtonElement>('button[data-action="go-to-cell"]')!
      .click();
    expect(visited).toEqual(['cell-x']);
    view.dispose();
  });

  it('shows failed cells without a report, renders titles as text, and hides the section when empty', () => {
    const view = new InspectorView({ translator: nullTranslator });
    view.setFailedCells(
      [{ ...itemOf(diagnosis, 'c', 0), title: HOSTILE }],
      () => undefined
    );
    const title = view.node.querySelector('.jp-ConvertDoctor-failedCellTitle');
    expect(title?.textContent).toBe(HOSTILE);
    expect(view.node.querySelector('img')).toBeNull();
    view.setFailedCells([], () => undefined);
    expect(view.node.querySelector('.jp-ConvertDoctor-failedCells')).toBeNull();
    view.dispose();
  });
});
