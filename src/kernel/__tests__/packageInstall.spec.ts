import { ranPackageInstall } from '../packageInstall';

describe('ranPackageInstall', () => {
  it.each([
    '%pip install onnx==1.16.0',
    '!pip install -q tensorflow-cpu',
    '!pip3 install onnx-tf',
    '!uv pip install torch',
    '%uv pip install torch',
    '%conda install -y numpy',
    '!mamba install onnx',
    '!micromamba install -c conda-forge onnx',
    '!python -m pip install --upgrade onnxruntime',
    '!{sys.executable} -m pip install onnx',
    '!/usr/bin/python3.11 -m pip uninstall -y keras',
    'import os\n!pip install onnx\nprint(1)',
    '%%bash\npip install onnx',
    '%%capture\n%pip install onnx',
    'out = !pip install onnx',
    '!cd /tmp && pip install onnx',
    '!/usr/local/bin/pip3.11 install onnx',
    '!$(which pip) install onnx',
    'a, b = !pip install -q onnx'
  ])('sees an install in %j', source => {
    expect(ranPackageInstall(source)).toBe(true);
  });

  it.each([
    'import pip',
    '# !pip install onnx',
    '%pip list',
    '!pip show onnx',
    'print("pip install onnx")',
    'x = "!pip install onnx"',
    '%%bash\npip list',
    'pip install onnx',
    '%%time\nimport tensorflow',
    'a = 5 % 3',
    '!pip --version'
  ])('sees no install in %j', source => {
    expect(ranPackageInstall(source)).toBe(false);
  });
});

describe('ranPackageInstall on hostile input', () => {
  // It runs on the page's main thread for every execute_input of any client.
  const n = 200_000;
  it.each([
    ['separators after a bang', '!' + ';'.repeat(n)],
    ['slashes after a bang', '!' + 'a/'.repeat(n / 2)],
    ['braces after a bang', '!' + '{'.repeat(n)],
    ['dollars after a bang', '!' + '$'.repeat(n)],
    ['an assignment prefix without a bang', 'a, '.repeat(n / 3)],
    ['a shell cell of separators', '%%bash\n' + ';'.repeat(n)],
    ['a script magic of words', '%%script ' + 'x'.repeat(n)],
    ['many short lines', '!;\n'.repeat(n / 3)],
    ['many short pip lines and a verb', '!pip x\n'.repeat(n / 7) + 'install'],
    [
      'many lines naming a manager and a verb apart',
      '!pip;\n!x install\n'.repeat(n / 18)
    ],
    ['pip words without a verb', '!' + 'pip '.repeat(n / 4)]
  ])('answers %s (200k chars) in well under 50 ms', (_name, source) => {
    // The best of three, so a GC pause or the first compile on a busy machine is no failure;
    // the old backtracking regex took seconds on each.
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      expect(ranPackageInstall(source)).toBe(false);
      best = Math.min(best, performance.now() - started);
    }
    expect(best).toBeLessThan(50);
  });

  it('still sees an install after a long harmless line', () => {
    expect(
      ranPackageInstall('x = 1' + ' '.repeat(5000) + '\n!pip install onnx')
    ).toBe(true);
  });
});
