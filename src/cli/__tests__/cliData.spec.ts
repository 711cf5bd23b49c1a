/**
 * The CLI's pure readers: ONNX protobuf fields (models encoded here with protobufjs' Writer, the
 * same wire format onnx writes), .npy/.npz parsing, output comparison and JUnit escaping.
 */
import { Writer } from 'protobufjs/minimal';
import { zipSync } from 'fflate';

import { junitXml, xmlText } from '../junit';
import { float32Npy, parseNpy } from '../npy';
import { OnnxFileError, parseOnnx } from '../onnxModel';
import { compareArrays, compareOutputs } from '../tensorCompare';

type Field = [number, number | string | Uint8Array];

/** Encodes a message: numbers as varints, strings and nested messages length-delimited. */
function message(fields: Field[]): Uint8Array {
  const w = Writer.create();
  for (const [field, value] of fields) {
    if (typeof value === 'number') {
      w.uint32((field << 3) | 0).int64(value);
    } else if (typeof value === 'string') {
      w.uint32((field << 3) | 2).string(value);
    } else {
      w.uint32((field << 3) | 2).bytes(value);
    }
  }
  return w.finish();
}

const valueInfo = (name: string, dims: (number | string)[]) =>
  message([
    [1, name],
    [
      2,
      message([
        [
          1,
          message([
            [1, 1],
            [
              2,
              message(
                dims.map(d => [
                  1,
                  message([[typeof d === 'number' ? 1 : 2, d]])
                ])
              )
            ]
          ])
        ]
      ])
    ]
  ]);

function model(
  graph: Uint8Array,
  ir = 7,
  opsets: [string, number][] = [['', 13]]
) {
  return message([
    [1, ir],
    [2, 'test'],
    ...opsets.map(([d, v]): Field => [
      8,
      message([
        [1, d],
        [2, v]
      ])
    ]),
    [7, graph]
  ]);
}

describe('parseOnnx', () => {
  const body = message([[1, message([[4, 'Relu']])]]);
  const graph = message([
    [
      1,
      message([
        [1, 'x'],
        [2, 'c'],
        [4, 'If'],
        [
          5,
          message([
            [1, 'then_branch'],
            [6, body]
          ])
        ]
      ])
    ],
    [1, message([[4, 'NonMaxSuppression']])],
    [
      1,
      message([
        [4, 'Custom'],
        [7, 'com.example']
      ])
    ],
    [
      5,
      message([
        [8, 'w'],
        [9, new Uint8Array(16)]
      ])
    ],
    [11, valueInfo('x', ['batch', 3, 416, 416])],
    [11, valueInfo('w', [4])], // IR < 4 style: an initializer listed as input
    [12, valueInfo('y', [1, 2535, 4])]
  ]);

  it('reads IR, opsets, producer, ops (subgraphs included) and real inputs', () => {
    const info = parseOnnx(
      model(graph, 3, [
        ['', 13],
        ['com.example', 1]
      ])
    );
    expect(info).toMatchObject({
      irVersion: 3,
      opsets: { '': 13, 'com.example': 1 },
      producer: 'test',
      ops: { If: 1, Relu: 1, NonMaxSuppression: 1, 'com.example::Custom': 1 },
      nodes: 4,
      initializers: 1
    });
    expect(info.inputs).toEqual([
      { name: 'x', elemType: 'FLOAT', shape: ['batch', 3, 416, 416] }
    ]);
    expect(info.outputs).toEqual([
      { name: 'y', elemType: 'FLOAT', shape: [1, 2535, 4] }
    ]);
  });

  it('refuses truncated, empty, graph-less and deeply nested input with one-line errors', () => {
    const bytes = model(graph);
    expect(() => parseOnnx(bytes.subarray(0, bytes.length - 5))).toThrow(
      /^not a complete ONNX model: .*\(truncated\?\)$/
    );
    expect(() => parseOnnx(new Uint8Array())).toThrow(OnnxFileError);
    expect(() => parseOnnx(message([[1, 7]]))).toThrow(
      'not an ONNX model: no graph'
    );
    expect(() =>
      parseOnnx(new TextEncoder().encode('{"not": "onnx"}'))
    ).toThrow(/^not an ONNX model: /);
    let nested = body;
    for (let i = 0; i < 40; i++) {
      nested = message([
        [
          1,
          message([
            [4, 'If'],
            [5, message([[6, nested]])]
          ])
        ]
      ]);
    }
    expect(() => parseOnnx(model(nested))).toThrow(/nested deeper than 32/);
  });
});

describe('.npy / .npz', () => {
  it('round-trips float32 and reads arrays at any Buffer offset', () => {
    const data = Float32Array.from([1.5, -2, 3, 4, 5, 6]);
    const bytes = float32Npy(data, [2, 3]);
    expect((10 + new DataView(bytes.buffer).getUint16(8, true)) % 64).toBe(0);
    // A Node Buffer view into a larger pool, as fs.readFileSync can return.
    const pool = Buffer.alloc(bytes.length + 7);
    pool.set(bytes, 7);
    const array = parseNpy(pool.subarray(7), 'x.npy');
    expect(array.shape).toEqual([2, 3]);
    expect(Array.from(array.data as Float32Array)).toEqual(Array.from(data));
  });

  it('refuses what it cannot read correctly, naming the file', () => {
    const bytes = float32Npy(Float32Array.from([1, 2]), [2]);
    expect(() =>
      parseNpy(bytes.subarray(0, bytes.length - 1), 'a.npy')
    ).toThrow(/^a\.npy: 7 data bytes, the header's shape \(2\) needs 8/);
    const header = (h: string) => {
      const b = new Uint8Array(10 + h.length);
      b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
      new DataView(b.buffer).setUint16(8, h.length, true);
      b.set(new TextEncoder().encode(h), 10);
      return b;
    };
    expect(() =>
      parseNpy(
        header("{'descr': '>f4', 'fortran_order': False, 'shape': (0,), }"),
        'b.npy'
      )
    ).toThrow(/dtype >f4/);
    expect(() =>
      parseNpy(
        header("{'descr': '<f4', 'fortran_order': True, 'shape': (0,), }"),
        'c.npy'
      )
    ).toThrow(/Fortran/);
    expect(() =>
      parseNpy(new TextEncoder().encode('hello world'), 'd.npy')
    ).toThrow(/not a \.npy file/);
    expect(zipSync).toBeDefined();
  });
});

describe('compare', () => {
  it('gives max abs, floored max rel and allclose mismatches; NaN on one side mismatches', () => {
    const ref = Float64Array.from([1000, 0, -2, NaN]);
    const out = Float64Array.from([1000.5, 1e-9, -2, NaN]);
    const r = compareArrays(out, ref, { atol: 1e-4, rtol: 1e-3 });
    expect(r.max_abs).toBeCloseTo(0.5);
    // 0.5 / 1000, not 1e-9 / 0 (the floor is 1e-3 of the largest magnitude)
    expect(r.max_rel).toBeCloseTo(5e-4);
    expect(r.mismatched).toBe(0);
    const nan = compareArrays(
      Float64Array.from([NaN]),
      Float64Array.from([1]),
      { atol: 1, rtol: 0 }
    );
    expect(nan).toMatchObject({ mismatched: 1, max_abs: Infinity });
  });

  it('matches outputs by name, then arr_<i>, and reports missing or misshapen ones', () => {
    const ref = new Map([
      ['arr_1', { dtype: '<f8', shape: [2], data: Float64Array.from([1, 2]) }],
      ['a', { dtype: '<f4', shape: [3], data: Float32Array.from([1, 2, 3]) }]
    ]);
    const res = compareOutputs(
      [
        { name: 'a', dims: [1, 3], data: Float64Array.from([1, 2, 3]) },
        { name: 'b', dims: [2], data: Float64Array.from([1, 2.5]) },
        { name: 'c', dims: [2], data: Float64Array.from([1, 2]) }
      ],
      ref,
      { atol: 0.1, rtol: 0 }
    );
    expect(res.map(r => [r.name, r.compared, r.passed])).toEqual([
      ['a', true, true],
      ['b', true, false],
      ['c', false, false]
    ]);
    expect(res[1]).toMatchObject({ reference_name: 'arr_1', mismatched: 1 });
  });
});

describe('junit', () => {
  it('escapes markup and drops characters XML cannot carry', () => {
    expect(xmlText('a<b>&"c"\u001b[31m\u0000')).toBe(
      'a&lt;b&gt;&amp;&quot;c&quot;[31m'
    );
    const xml = junitXml([
      {
        name: 'n.ipynb',
        cases: [
          {
            name: 'cell 1',
            classname: 'n.ipynb',
            seconds: 1,
            outcome: 'failure',
            message: 'x<y',
            details: 'tb'
          },
          {
            name: 'cell 2',
            classname: 'n.ipynb',
            seconds: 0,
            outcome: 'skipped',
            message: 'not run'
          }
        ]
      }
    ]);
    expect(xml).toContain('tests="2" failures="1" errors="0" skipped="1"');
    expect(xml).toContain('<failure message="x&lt;y">tb</failure>');
  });
});
