// Unit tier: jsdom, JupyterLab's base config (ts-jest, CSS/SVG stubs).
const jestJupyterLab = require('@jupyterlab/testutils/lib/jest-config');

const esModules = [
  '@codemirror',
  '@jupyter/ydoc',
  '@jupyter/react-components',
  '@jupyter/web-components',
  '@microsoft/fast',
  '@jupyterlab/',
  'exenv-es6',
  'lib0',
  'nanoid',
  'vscode-ws-jsonrpc',
  'y-protocols',
  'y-websocket',
  'yjs'
].join('|');

const baseConfig = jestJupyterLab(__dirname);

module.exports = {
  ...baseConfig,
  automock: false,
  collectCoverageFrom: [
    'src/**/*.{ts,tsx}',
    '!src/**/*.d.ts',
    '!src/**/.ipynb_checkpoints/*'
  ],
  coverageReporters: ['lcov', 'text-summary'],
  reporters: ['default'],
  setupFilesAfterEnv: ['<rootDir>/tests/jest/forbidOnly.js'],
  testRegex: 'src/.*/.*.spec.ts[x]?$',
  // Venvs, caches and the built labextension hold package.json files of their own.
  modulePathIgnorePatterns: [
    '<rootDir>/.venv/',
    '<rootDir>/.cache/',
    '<rootDir>/jupyterlab_convert_doctor/labextension/',
    '<rootDir>/ui-tests/',
    '<rootDir>/lib/',
    '<rootDir>/lib-node/'
  ],
  transformIgnorePatterns: [`/node_modules/(?!${esModules}).+`]
};
