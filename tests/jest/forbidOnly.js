// In CI a focused test (`it.only`, `describe.only`, `fit`, ...) would silently skip every other
// test of its file: refuse it there, as Playwright's `forbidOnly` does for the browser tier.
if (/^(1|true|yes)$/i.test(process.env.CI || '')) {
  const refuse = () => {
    throw new Error(
      'a focused test (.only, fit, fdescribe) is not allowed in CI: it would skip the other tests'
    );
  };
  for (const name of ['it', 'test', 'describe']) {
    if (global[name]) {
      global[name].only = refuse;
    }
  }
  for (const name of ['fit', 'fdescribe']) {
    if (global[name]) {
      global[name] = refuse;
    }
  }
}
