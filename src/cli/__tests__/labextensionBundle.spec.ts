/**
 * The CLI's Node-only modules never reach the labextension: the built JavaScript in
 * jupyterlab_convert_doctor/labextension/static/ holds no module of onnxruntime-node, ws,
 * protobufjs, fflate, commander or src/cli (webpack names every bundled module by its path).
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');
const STATIC = path.join(ROOT, 'jupyterlab_convert_doctor/labextension/static');

const NODE_ONLY = [
  'node_modules/onnxruntime-node/',
  'node_modules/onnxruntime-common/',
  'node_modules/ws/',
  'node_modules/protobufjs/',
  'node_modules/fflate/',
  'node_modules/commander/',
  'node_modules/adm-zip/',
  'src/cli/'
];

// Code that only those modules contain (in case a build drops module paths).
const NODE_ONLY_CODE = [
  'InferenceSession',
  'Sec-WebSocket-Accept',
  'child_process',
  'convert-doctor-srv-'
];

function bundleFiles(): string[] {
  if (!fs.existsSync(STATIC)) {
    throw new Error(
      `no built labextension in ${STATIC}: run \`jlpm build\` first`
    );
  }
  return fs
    .readdirSync(STATIC)
    .filter(f => f.endsWith('.js'))
    .map(f => path.join(STATIC, f));
}

describe('labextension bundle', () => {
  it('looks for code those modules really contain', () => {
    const contains = (file: string, text: string) =>
      fs.readFileSync(path.join(ROOT, file), 'utf8').includes(text);
    expect(
      contains(
        'node_modules/onnxruntime-common/dist/cjs/inference-session-impl.js',
        'InferenceSession'
      )
    ).toBe(true);
    expect(
      contains('node_modules/ws/lib/websocket.js', 'Sec-WebSocket-Accept')
    ).toBe(true);
    expect(
      contains('node_modules/commander/lib/command.js', 'child_process')
    ).toBe(true);
    expect(contains('src/cli/jupyterServer.ts', 'convert-doctor-srv-')).toBe(
      true
    );
  });

  it('holds no Node-only module of the CLI', () => {
    const found: string[] = [];
    for (const file of bundleFiles()) {
      const text = fs.readFileSync(file, 'utf8');
      for (const marker of [...NODE_ONLY, ...NODE_ONLY_CODE]) {
        if (text.includes(marker)) {
          found.push(`${path.basename(file)}: ${marker}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  // Dependencies are shared with JupyterLab by default: `false` keeps them out of the share scope.
  it('keeps them out of the share scope (package.json sharedPackages `false`)', () => {
    const pkg = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')
    );
    for (const name of [
      'onnxruntime-node',
      'ws',
      'commander',
      'protobufjs',
      'fflate'
    ]) {
      expect({ name, dependency: name in pkg.dependencies }).toEqual({
        name,
        dependency: true
      });
    }
    expect(pkg.jupyterlab.sharedPackages).toMatchObject({
      'onnxruntime-node': false,
      ws: false,
      commander: false,
      protobufjs: false,
      fflate: false
    });
  });
});
