// Integration tier: Node, real Jupyter servers and real ipykernels (see tests/integration/).
const base = require('./jest.config');

module.exports = {
  ...base,
  testEnvironment: 'node',
  setupFiles: [],
  testRegex: 'tests/integration/.*\\.test\\.ts$',
  testTimeout: 180000,
  // keep-alive HTTP connections of the services client can outlive the last test
  forceExit: true
};
