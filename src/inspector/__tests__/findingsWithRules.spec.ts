import { nullTranslator } from '@jupyterlab/translation';

import { InspectorView } from '../InspectorView';
import { sampleReport } from './fixtures';
import { SHIPPED_KNOWLEDGE } from '../../core/shippedKnowledge';

// The shipped rules on a report of the seed's failing stack (onnx-tf on TF 2.16, numpy 2).
describe('InspectorView with the shipped rules', () => {
  it('renders every finding the rules engine returns, worst first', () => {
    const report = sampleReport({
      packages: {
        'onnx-tf': { installed: '1.10.0', loaded: null },
        tensorflow: { installed: '2.16.1', loaded: null },
        keras: { installed: '3.3.3', loaded: null },
        numpy: { installed: '2.0.2', loaded: null }
      }
    });
    const expected = SHIPPED_KNOWLEDGE.evaluateRules(report);
    expect(expected.length).toBeGreaterThan(0);

    const view = new InspectorView({
      translator: nullTranslator,
      evaluateFindings: r => SHIPPED_KNOWLEDGE.evaluateRules(r)
    });
    view.setState({ kind: 'result', result: { kind: 'ok', report } });
    const items = Array.from(
      view.node.querySelectorAll<HTMLElement>('.jp-ConvertDoctor-finding')
    );
    expect(items.map(i => i.dataset.rule)).toEqual(expected.map(f => f.rule));
    expect(items.map(i => i.dataset.severity)).toEqual(
      expected.map(f => f.severity)
    );
    expect(
      items.map(
        i => i.querySelector('.jp-ConvertDoctor-findingMessage')?.textContent
      )
    ).toEqual(expected.map(f => f.message));
    // Each cited http(s) source becomes a link.
    const links = items.flatMap(i =>
      Array.from(i.querySelectorAll('a')).map(a => a.textContent)
    );
    const cited = expected.flatMap(f =>
      f.sources.filter(s => /^https?:\/\//.test(s))
    );
    expect(links).toEqual(cited);
    expect(items[0].dataset.severity).toBe('error');
    view.dispose();
  });

  it('says so when no rule fires', () => {
    const report = sampleReport({
      packages: { numpy: { installed: '1.26.4', loaded: null } }
    });
    const view = new InspectorView({
      translator: nullTranslator,
      evaluateFindings: r => SHIPPED_KNOWLEDGE.evaluateRules(r)
    });
    view.setState({ kind: 'result', result: { kind: 'ok', report } });
    expect(SHIPPED_KNOWLEDGE.evaluateRules(report)).toEqual([]);
    expect(
      view.node.querySelector('.jp-ConvertDoctor-findings')?.textContent
    ).toContain('No known incompatibility');
    view.dispose();
  });
});
