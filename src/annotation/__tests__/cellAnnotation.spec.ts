import * as fs from 'fs';
import * as path from 'path';

import { CodeCellModel, type ICellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { nullTranslator } from '@jupyterlab/translation';

import { SHIPPED_KNOWLEDGE } from '../../core/shippedKnowledge';
import type { IEnvReport, IErrorRecord } from '../../core/types';
import { DiagnosedCells } from '../../diagnoses/diagnosedCells';
import { EnvReportStore } from '../../kernel/envReportStore';
import { AnnotationPlacement } from '../annotationPlacement';
import type { IAnnotatorServices } from '../annotatorServices';
import { CellAnnotation, type ICellAnnotationContext } from '../cellAnnotation';
import { Dismissals } from '../dismissals';
import { errorKey } from '../errorRecord';
import { FixCellOffers } from '../fixCellOffers';

// A real failure and the real environment it failed in (failure lab: onnx 1.12 + protobuf 4).
const fixture = JSON.parse(
  fs.readFileSync(
    path.resolve(
      __dirname,
      '../../../tests/fixtures/failure-lab/onnx112_protobuf4_descriptors.json'
    ),
    'utf8'
  )
);
const error: IErrorRecord = {
  ename: fixture.ename,
  evalue: fixture.evalue,
  traceback: fixture.traceback
};
const report: IEnvReport = fixture.env;
const NOTEBOOK = 'lab/descriptors.ipynb';

/**
 * One notebook's annotation parts, all real but the panel: jsdom has no notebook, and without
 * a kernel the report comes only through `refine`, as the notebook's queued work brings it.
 */
function notebook() {
  const panel = {
    id: 'notebook-1',
    context: { path: NOTEBOOK },
    sessionContext: { session: null },
    content: { model: null, widgets: [] }
  } as unknown as NotebookPanel;
  const copied: string[] = [];
  const cleared: ICellModel[] = [];
  const services: IAnnotatorServices = {
    diagnose: (e, env, source) => SHIPPED_KNOWLEDGE.diagnose(e, env, source),
    envReports: new EnvReportStore(
      () => Promise.reject(new Error('no kernel')),
      {
        watch: []
      }
    ),
    diagnosedCells: new DiagnosedCells(),
    dismissals: new Dismissals(null),
    recipes: SHIPPED_KNOWLEDGE.recipes,
    translator: nullTranslator,
    trans: nullTranslator.load('jupyterlab_convert_doctor'),
    sessionDialogs: null,
    copy: text => copied.push(text),
    autoAnnotate: () => true
  };
  const context: ICellAnnotationContext = {
    panel,
    services,
    fixes: new FixCellOffers(panel, services),
    placement: new AnnotationPlacement(panel.content),
    refineLater: () => undefined,
    clear: model => cleared.push(model)
  };
  const model = new CodeCellModel();
  model.sharedModel.setSource(fixture.source);
  const annotation = new CellAnnotation(context, {
    model,
    error,
    key: errorKey(error),
    output: null
  });
  const published = () => services.diagnosedCells.of(panel.id);
  const click = (action: string) =>
    annotation.widget.node
      .querySelector<HTMLElement>(`[data-action="${action}"]`)!
      .click();
  return { annotation, services, model, copied, cleared, published, click };
}

describe('CellAnnotation', () => {
  it('once the kernel’s report comes, shows, publishes and copies the diagnosis made with it', () => {
    const { annotation, model, copied, published, click } = notebook();
    const first = annotation.widget.diagnosis;
    expect(published()).toEqual([{ cellId: model.id, diagnosis: first }]);
    click('copy');
    expect(copied[0]).not.toContain('Python 3.');

    annotation.refine(report);
    const refined = annotation.widget.diagnosis;
    expect(refined).toEqual(
      SHIPPED_KNOWLEDGE.diagnose(error, report, fixture.source)
    );
    expect(refined).not.toEqual(first);
    expect(published()).toEqual([{ cellId: model.id, diagnosis: refined }]);
    click('copy');
    expect(copied[1]).toContain(`Python ${report.python.version}`);
  });

  it('a report that comes after the annotation went changes nothing', () => {
    const { annotation, published } = notebook();
    const before = published();
    annotation.dispose();
    expect(annotation.widget.isDisposed).toBe(true);
    annotation.refine(report);
    expect(published()).toEqual(before);
  });

  it('Dismiss remembers this error for this notebook and has the cell cleared', () => {
    const { services, model, cleared, click } = notebook();
    click('dismiss');
    expect(services.dismissals.has(NOTEBOOK, errorKey(error))).toBe(true);
    expect(services.dismissals.has('other.ipynb', errorKey(error))).toBe(false);
    expect(cleared).toEqual([model]);
  });
});
