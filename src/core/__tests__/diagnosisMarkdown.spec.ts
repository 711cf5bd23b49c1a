import { diagnosisToMarkdown } from '../diagnosisMarkdown';
import type { IEnvReport } from '../types';
import { makeDiagnosis } from './makeDiagnosis';
import { makeEnvReport } from './makeEnvReport';
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

const env: IEnvReport = makeEnvReport(
  { onnx: '1.17.0', 'onnx-tf': { installed: null, loaded: null } },
  {
    python: {
      version: '3.11.7',
      executable: '/x/bin/python',
      platform: 'Linux-x86_64'
    }
  }
);

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
      '- Python 3.11.7 (venv, Linux-x86\\_64), host local'
    );
    expect(markdown).toContain('- onnx 1.17.0');
  });

  it('keeps traceback text inside a fence longer than any backticks in it', () => {
    const markdown = diagnosisToMarkdown(
      makeDiagnosis({
        evidence: 'ValueError: ```\n# not a heading <script>x</script>'
      })
    );
    expect(markdown).toContain('### Convert Doctor: no known cause');
    expect(markdown).toMatch(
      /````text\nValueError: ```\n# not a heading <script>x<\/script>\n````/
    );
    // unknown invents no cause
    expect(markdown).not.toMatch(/- cause:/);
  });

  it('writes strings from the kernel literally: no markup, link, HTML or extra line', () => {
    const HOSTILE =
      '1.0`|<img src=x onerror=alert(1)>\n# H [l](https://evil.example) www.evil.example **b** &lt;\u2028- x';
    const hostileEnv: IEnvReport = {
      ...env,
      python: { ...env.python, version: HOSTILE, platform: '1. item' },
      packages: {
        onnx: { installed: HOSTILE, loaded: '- ' + HOSTILE },
        [HOSTILE]: { installed: '1', loaded: null }
      }
    };
    const diagnosis = SHIPPED_KNOWLEDGE.diagnose(error, hostileEnv);
    const markdown = diagnosisToMarkdown(
      {
        ...diagnosis,
        findings: [
          {
            rule: 'r',
            severity: 'warning',
            message: `onnx ${HOSTILE} is too old`,
            explanation: '',
            fix: [],
            sources: [],
            packages: { onnx: HOSTILE }
          }
        ]
      },
      { error, env: hostileEnv }
    );
    // From the findings to the end of the environment (recipes and sources are our data).
    const start = markdown.indexOf('Environment findings:');
    const ends = ['\nFix recipes', '\nSources:']
      .map(mark => markdown.indexOf(mark, start))
      .filter(at => at > 0);
    const environment = markdown.slice(
      start,
      Math.min(...ends, markdown.length)
    );
    const lines = environment.split('\n');
    // One line per entry: the heading-like and list-like text stayed inside its line.
    expect(lines.filter(line => line.startsWith('#'))).toEqual([]);
    expect(lines.filter(line => line.startsWith('- ')).length).toBe(3);
    expect(markdown).not.toMatch(/\u2028/);
    // Every metacharacter is escaped (the only code spans are the rule ids'). Outside the
    // fences, no unescaped '<', '`', '|', '[', autolink or entity remains.
    const outside = environment.replace(/`r`/g, '');
    for (const pattern of [/(^|[^\\])[<`|[]/m, /https:\/\//, /www\./, /&lt;/]) {
      expect(outside).not.toMatch(pattern);
    }
    expect(markdown).toContain(
      '1.0\\`\\|\\<img src=x onerror=alert\\(1\\)\\> \\# H \\[l\\]\\(https\\://evil.example\\) www\\.evil.example \\*\\*b\\*\\* &amp;lt;'
    );
    expect(markdown).toContain(', 1\\. item)');
  });
});
