/** The browser tier's own configuration: in CI a focused test fails the run (issue 12). */
import { expect, test } from '@playwright/test';

test('focused tests (test.only) are forbidden in CI', ({}, testInfo) => {
  expect(testInfo.config.forbidOnly).toBe(!!process.env.CI);
});
