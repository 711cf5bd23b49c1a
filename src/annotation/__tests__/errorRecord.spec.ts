import { OutputAreaModel } from '@jupyterlab/outputarea';

import {
  boundErrorRecord,
  ERROR_BOUNDS,
  errorFromOutputs,
  errorKey,
  hasErrorOutput
} from '../errorRecord';
import { SHIPPED_KNOWLEDGE } from '../../core/shippedKnowledge';

// 10 MB of ANSI-coloured HTML in the evalue and in the last traceback line, as IPython sends it.
function hugeRecord() {
  const noise = '\u001b[31m<b>x</b>\u001b[0m'.repeat(600_000);
  const evalue = `[Errno 2] No such file or directory: '${noise}.weights'`;
  return {
    ename: 'FileNotFoundError',
    evalue,
    traceback: [
      '\u001b[31m---------------------------------------------------------------------------\u001b[39m',
      ...Array.from({ length: 500 }, (_, i) => `frame ${i}\n  line\n`),
      `\u001b[31mFileNotFoundError\u001b[39m: ${evalue}`
    ]
  };
}

describe('boundErrorRecord', () => {
  it('keeps a 10 MB traceback to a fixed size, head and tail included', () => {
    const record = hugeRecord();
    const bounded = boundErrorRecord(record);
    const size =
      bounded.evalue.length +
      bounded.traceback.reduce((n, line) => n + line.length, 0);
    expect(size).toBeLessThan(
      ERROR_BOUNDS.evalueChars +
        (ERROR_BOUNDS.headEntries + ERROR_BOUNDS.tailEntries + 1) *
          (ERROR_BOUNDS.entryChars + 8)
    );
    expect(bounded.traceback.length).toBe(
      ERROR_BOUNDS.headEntries + ERROR_BOUNDS.tailEntries + 1
    );
    expect(bounded.traceback[0]).toBe(record.traceback[0]);
    expect(bounded.traceback[ERROR_BOUNDS.headEntries]).toMatch(
      /traceback entries omitted/
    );
    // The end of the error line (where the message ends) survives the cut.
    expect(bounded.traceback[bounded.traceback.length - 1]).toMatch(
      /\.weights'$/
    );
  });

  it('lets the real classifier diagnose the bounded 10 MB record from its evidence', () => {
    const diagnosis = SHIPPED_KNOWLEDGE.diagnose(
      boundErrorRecord(hugeRecord())
    );
    expect(diagnosis.category).toBe('file_not_found');
    expect(diagnosis.evidence).not.toContain('\u001b');
  });

  it('leaves a small record as it is', () => {
    const record = { ename: 'E', evalue: 'v', traceback: ['a', 'b'] };
    expect(boundErrorRecord(record)).toEqual(record);
  });
});

describe('errorFromOutputs', () => {
  it('reads the last error output of a real output area model', () => {
    const outputs = new OutputAreaModel({
      values: [
        { output_type: 'stream', name: 'stdout', text: 'converting\n' },
        {
          output_type: 'error',
          ename: 'ModuleNotFoundError',
          evalue: "No module named 'onnx_tf'",
          traceback: [
            "\u001b[31mModuleNotFoundError\u001b[39m: No module named 'onnx_tf'"
          ]
        }
      ]
    });
    expect(hasErrorOutput(outputs)).toBe(true);
    expect(errorFromOutputs(outputs, { cell_id: 'c1' })).toEqual({
      ename: 'ModuleNotFoundError',
      evalue: "No module named 'onnx_tf'",
      traceback: [
        "\u001b[31mModuleNotFoundError\u001b[39m: No module named 'onnx_tf'"
      ],
      cell_id: 'c1'
    });
  });

  it('finds nothing in outputs without an error', () => {
    const outputs = new OutputAreaModel({
      values: [{ output_type: 'stream', name: 'stdout', text: 'ok\n' }]
    });
    expect(hasErrorOutput(outputs)).toBe(false);
    expect(errorFromOutputs(outputs)).toBeNull();
  });
});

describe('errorKey', () => {
  it('is the same for the same error with other colours and spacing, different otherwise', () => {
    const a = { ename: 'ValueError', evalue: 'bad  shape', traceback: [] };
    const b = {
      ename: 'ValueError',
      evalue: '\u001b[31mbad shape\u001b[0m',
      traceback: ['x']
    };
    const c = { ename: 'ValueError', evalue: 'bad size', traceback: [] };
    expect(errorKey(a)).toBe(errorKey(b));
    expect(errorKey(a)).not.toBe(errorKey(c));
  });
});
