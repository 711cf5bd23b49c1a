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
    '!cd /tmp && pip install onnx'
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
    '%%time\nimport tensorflow'
  ])('sees no install in %j', source => {
    expect(ranPackageInstall(source)).toBe(false);
  });
});
