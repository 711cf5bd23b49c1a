import { diagnosisToMarkdown } from '../diagnosisMarkdown';
import type { IEnvReport } from '../types';
import { SHIPPED_KNOWLEDGE } from '../shippedKnowledge';

// The error as IPython sends it for `import onnx_tf` in an environment without onnx-tf.
const error = {
  ename: 'ModuleNotFoundError',
  evalue: "No module named 'onnx_tf'",
  traceback: [
    '\u001b[31m---------------------------------------------------------------------------\u001b[39m',
    '\u001b[31mModuleNotFoundError\u001b[39m                       Traceback (most recent call last)',
    "\u001b[31mModuleNotFoundError\u001b[39m: No module named 'onnx_tf'"
  ]
};

const env: IEnvReport = {
  schema_version: 1,
  python: {
    version: '3.11.7',
    implementation: 'CPython',
    executable: '/x/bin/python',
    platform: 'Linux-x86_64',
    env_kind: 'venv'
  },
  host: 'local',
  packages: {
    onnx: { installed: '1.17.0', loaded: null },
    'onnx-tf': { installed: null, loaded: null }
  },
  cuda: {
    driver: null,
    env: {},
    wheels: {},
    cuda_runtime: null,
    cudnn: null,
    libraries: []
  },
  probe_ms: 12,
  errors: []
};

describe('diagnosisToMarkdown', () => {
  it('writes the real classifier’s diagnosis with its error, evidence and environment', () => {
    const diagnosis = SHIPPED_KNOWLEDGE.diagnose(error, env);
    const markdown = diagnosisToMarkdown(diagnosis, { error, env });
    expect(markdown).toContain(`- category: \`${diagnosis.category}\``);
    expect(markdown).toContain(`### Convert Doctor: ${diagnosis.title}`);
    expect(markdown).toContain(
      "ModuleNotFoundError: No module named 'onnx_tf'"
    );
    expect(markdown).not.toContain('\u001b');
    expect(markdown).toContain(
      '- Python 3.11.7 (venv, Linux-x86_64), host local'
    );
    expect(markdown).toContain('- onnx 1.17.0');
  });

  it('keeps traceback text inside a fence longer than any backticks in it', () => {
    const markdown = diagnosisToMarkdown({
      category: 'unknown',
      confidence: 0,
      evidence: 'ValueError: ```\n# not a heading <script>x</script>',
      cause: null,
      title: '',
      explanation: '',
      sources: [],
      fixes: [],
      findings: []
    });
    expect(markdown).toContain('### Convert Doctor: no known cause');
    expect(markdown).toMatch(
      /````text\nValueError: ```\n# not a heading <script>x<\/script>\n````/
    );
    // unknown invents no cause
    expect(markdown).not.toMatch(/- cause:/);
  });
});
