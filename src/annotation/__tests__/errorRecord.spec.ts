import { OutputAreaModel } from '@jupyterlab/outputarea';

import {
  boundErrorRecord,
  ERROR_BOUNDS,
  errorFromOutput,
  errorFromOutputs,
  errorKey,
  hasErrorOutput,
  textOf
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

describe('errorFromOutputs on malformed saved outputs', () => {
  // What a hand-edited or hostile .ipynb can hold where nbformat says strings, and that
  // JupyterLab's own output model loads (it only joins the traceback).
  const malformed: { [name: string]: object } = {
    'an ename whose toString is not a function': {
      ename: { toString: 1 },
      evalue: 'v',
      traceback: ['t']
    },
    'an evalue whose toString and valueOf are not functions': {
      ename: 'E',
      evalue: { toString: 1, valueOf: 1 },
      traceback: ['t']
    },
    'traceback entries of other JSON types': {
      ename: 'E',
      evalue: 'v',
      traceback: [null, 3, true, ['x', 'y'], 'ValueError: z']
    },
    'numbers and booleans for ename and evalue': {
      ename: 42,
      evalue: false,
      traceback: []
    }
  };

  for (const [name, fields] of Object.entries(malformed)) {
    it(`reads ${name} as text without throwing`, () => {
      const outputs = new OutputAreaModel({
        values: [{ output_type: 'error', ...fields } as any]
      });
      const record = errorFromOutputs(outputs)!;
      expect(typeof record.ename).toBe('string');
      expect(typeof record.evalue).toBe('string');
      expect(record.traceback.every(entry => typeof entry === 'string')).toBe(
        true
      );
      expect(typeof errorKey(record)).toBe('string');
      expect(SHIPPED_KNOWLEDGE.diagnose(record).category).toEqual(
        expect.any(String)
      );
    });
  }

  it('keeps what is readable: objects as their JSON text, nothing for null', () => {
    const outputs = new OutputAreaModel({
      values: [
        {
          output_type: 'error',
          ename: { toString: 1 },
          evalue: 7,
          traceback: [null, ['a', 'b'], 'ValueError: x']
        } as any
      ]
    });
    expect(errorFromOutputs(outputs)).toEqual({
      ename: '{"toString":1}',
      evalue: '7',
      traceback: ['', '["a","b"]', 'ValueError: x']
    });
  });

  it('reads any JSON shape an output hands over, even where JupyterLab refuses to load it', () => {
    // JupyterLab's output model throws on these tracebacks; other holders of an output's JSON
    // (a future JupyterLab, another front end) may not.
    for (const raw of [
      { traceback: 'not a list', ename: [{ toString: 1 }] },
      { traceback: [{ toString: 1 }, [{ valueOf: 1 }]] },
      {}
    ]) {
      const record = errorFromOutput({
        toJSON: () => ({ output_type: 'error', ...raw })
      } as any);
      expect(record.traceback.every(entry => typeof entry === 'string')).toBe(
        true
      );
      expect(typeof record.ename).toBe('string');
    }
  });
});

describe('textOf', () => {
  it("never calls a value's own toString or valueOf", () => {
    const hostile = {
      toString: () => {
        throw new Error('toString called');
      },
      valueOf: () => {
        throw new Error('valueOf called');
      }
    };
    expect(textOf(hostile)).toBe('{}');
    expect(textOf(Symbol('s'))).toBe('');
    expect(textOf(undefined)).toBe('');
    const cyclic: any = {};
    cyclic.self = cyclic;
    expect(textOf(cyclic)).toBe('');
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
