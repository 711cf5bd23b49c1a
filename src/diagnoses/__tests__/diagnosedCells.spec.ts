import type { IDiagnosis } from '../../core/types';
import { DiagnosedCells } from '../diagnosedCells';
import { readFailureLabFixture } from '../../core/__tests__/failureLabFixtures';
import { SHIPPED_KNOWLEDGE } from '../../core/shippedKnowledge';

// A real diagnosis: the failure lab's captured traceback of onnx 1.12 under protobuf 4.
const fixture = readFailureLabFixture('onnx112_protobuf4_descriptors.json');
const realDiagnosis: IDiagnosis = SHIPPED_KNOWLEDGE.diagnose(
  fixture,
  fixture.env
);
const otherDiagnosis: IDiagnosis = SHIPPED_KNOWLEDGE.diagnose({
  ename: 'ModuleNotFoundError',
  evalue: "No module named 'onnx_tf'",
  traceback: ["ModuleNotFoundError: No module named 'onnx_tf'"]
});

function recorder(store: DiagnosedCells): string[] {
  const changed: string[] = [];
  store.changed.connect((_, notebookId) => changed.push(notebookId));
  return changed;
}

describe('DiagnosedCells', () => {
  it('keeps each notebook’s diagnosed cells apart, in diagnosis order', () => {
    const store = new DiagnosedCells();
    const changed = recorder(store);
    store.set('nb-1', 'cell-b', realDiagnosis);
    store.set('nb-1', 'cell-a', otherDiagnosis);
    store.set('nb-2', 'cell-a', realDiagnosis);
    expect(store.of('nb-1')).toEqual([
      { cellId: 'cell-b', diagnosis: realDiagnosis },
      { cellId: 'cell-a', diagnosis: otherDiagnosis }
    ]);
    expect(store.of('nb-2').map(c => c.cellId)).toEqual(['cell-a']);
    expect(store.of('nb-3')).toEqual([]);
    expect(changed).toEqual(['nb-1', 'nb-1', 'nb-2']);
  });

  it('replaces a refined diagnosis, and signals only real changes', () => {
    const store = new DiagnosedCells();
    const changed = recorder(store);
    store.set('nb', 'c', otherDiagnosis);
    store.set('nb', 'c', otherDiagnosis); // same object again: no change
    store.set('nb', 'c', realDiagnosis);
    expect(store.of('nb')).toEqual([{ cellId: 'c', diagnosis: realDiagnosis }]);
    expect(changed).toEqual(['nb', 'nb']);
  });

  it('forgets a cell, then a whole notebook, signalling each time something went', () => {
    const store = new DiagnosedCells();
    store.set('nb', 'a', realDiagnosis);
    store.set('nb', 'b', otherDiagnosis);
    const changed = recorder(store);
    store.delete('nb', 'a');
    store.delete('nb', 'a'); // already gone
    expect(store.of('nb').map(c => c.cellId)).toEqual(['b']);
    store.clear('nb');
    store.clear('nb');
    expect(store.of('nb')).toEqual([]);
    expect(changed).toEqual(['nb', 'nb']);
  });

  it('carries the environment findings the classifier attached (real failure-lab case)', () => {
    expect(realDiagnosis.category).toBe('protobuf_too_new');
    expect(realDiagnosis.findings.length).toBeGreaterThan(0);
  });
});
