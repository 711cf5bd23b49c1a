/**
 * Galata ui-tests in Debian's Chromium (never `playwright install`): one JupyterLab project and
 * one Notebook 7 project against the same Jupyter server (Notebook 7 is a server extension).
 */
const path = require('path');

const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

// The project venv's Jupyter, so the kernel under test is the one whose versions we compare.
const jupyter = path.resolve(__dirname, '..', '.venv', 'bin', 'jupyter');

const launchOptions = {
  executablePath: process.env.CONVERT_DOCTOR_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
};

// Playwright records videos with its own ffmpeg download; we download nothing, so no video.
// The port can be moved (CONVERT_DOCTOR_UI_PORT) so two checkouts can run their tests at once.
const port = process.env.CONVERT_DOCTOR_UI_PORT || '8888';
process.env.TARGET_URL = process.env.TARGET_URL || `http://localhost:${port}`;

const use = {
  ...baseConfig.use,
  baseURL: process.env.TARGET_URL,
  launchOptions,
  video: 'off'
};

module.exports = {
  ...baseConfig,
  reporter: [[process.env.CI ? 'github' : 'list'], ['html', { open: 'never' }]],
  // A focused test in CI would skip all the others.
  forbidOnly: !!process.env.CI,
  // Tests share one server and one set of kernels: keep them in order.
  workers: 1,
  use,
  projects: [
    {
      name: 'jupyterlab',
      testMatch: 'tests/jupyterlab/**/*.spec.ts',
      use: { ...use, appPath: '/lab' }
    },
    {
      name: 'notebook',
      testMatch: 'tests/notebook/**/*.spec.ts',
      use: { ...use, appPath: '', autoGoto: false }
    }
  ],
  webServer: {
    command: `${jupyter} lab --config jupyter_server_test_config.py`,
    url: `http://localhost:${port}/lab`,
    timeout: 120 * 1000,
    reuseExistingServer: !process.env.CI
  }
};
