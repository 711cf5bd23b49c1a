import { CodeCellModel } from '@jupyterlab/cells';

import { SHIPPED_KNOWLEDGE } from '../../core/shippedKnowledge';
import { readCellError } from '../cellErrorReading';
import { KERNEL_DIAGNOSIS_MIME } from '../kernelDiagnosis';

// nbformat's output shape, as the model takes it.
type IOutput = Parameters<CodeCellModel['outputs']['add']>[0];

const NP_FLOAT_RECORD = {
  ename: 'AttributeError',
  evalue: "module 'numpy' has no attribute 'float'.",
  traceback: ["AttributeError: module 'numpy' has no attribute 'float'."]
};
const NP_FLOAT: IOutput = { output_type: 'error', ...NP_FLOAT_RECORD };

/** A real code cell model holding these outputs, as a saved notebook loads it. */
function cellWith(outputs: IOutput[]): CodeCellModel {
  const model = new CodeCellModel();
  model.sharedModel.setSource('import numpy as np\nnp.float');
  for (const output of outputs) {
    model.outputs.add(output);
  }
  return model;
}

function kernelDisplay(data: unknown): IOutput {
  return {
    output_type: 'display_data',
    data: { [KERNEL_DIAGNOSIS_MIME]: data as any },
    metadata: {}
  };
}

describe('readCellError', () => {
  it('finds no error in a cell without an error output', () => {
    const model = cellWith([
      { output_type: 'stream', name: 'stdout', text: 'ok\n' }
    ]);
    expect(readCellError(model, false)).toEqual({ kind: 'none' });
  });

  it('gives the last error output to diagnose', () => {
    const model = cellWith([NP_FLOAT]);
    const reading = readCellError(model, false);
    expect(reading.kind).toBe('error');
    expect(reading.kind === 'error' && reading.output).toBe(
      model.outputs.get(0)
    );
  });

  it('waits for a running cell unless the user asked', () => {
    const model = cellWith([NP_FLOAT]);
    model.executionState = 'running';
    expect(readCellError(model, false)).toEqual({ kind: 'running' });
    expect(readCellError(model, true).kind).toBe('error');
  });

  it("leaves the cell to the kernel's diagnosis displayed after the error, even while running", () => {
    const diagnosis = SHIPPED_KNOWLEDGE.diagnose(NP_FLOAT_RECORD);
    const model = cellWith([NP_FLOAT, kernelDisplay(diagnosis)]);
    model.executionState = 'running';
    const reading = readCellError(model, false);
    expect(reading.kind).toBe('kernel');
    expect(reading.kind === 'kernel' && reading.diagnosis?.category).toBe(
      diagnosis.category
    );
  });

  it('still leaves it to a malformed kernel diagnosis, with none to publish', () => {
    const model = cellWith([NP_FLOAT, kernelDisplay({ category: 42 })]);
    expect(readCellError(model, false)).toEqual({
      kind: 'kernel',
      diagnosis: null
    });
  });
});
