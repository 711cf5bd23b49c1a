/** JUnit XML of `check` results: one testsuite per notebook, one testcase per code cell. */

export interface IJUnitCase {
  name: string;
  classname: string;
  seconds: number;
  /** failure: the cell failed; error: timeout or a dead kernel; skipped: not run. */
  outcome: 'passed' | 'failure' | 'error' | 'skipped';
  message?: string;
  details?: string;
}

export interface IJUnitSuite {
  name: string;
  cases: IJUnitCase[];
}

/** XML 1.0 text: escapes markup and drops characters XML cannot carry (ANSI ESC included). */
export function xmlText(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function junitXml(suites: IJUnitSuite[]): string {
  const count = (cases: IJUnitCase[], outcome: IJUnitCase['outcome']) =>
    cases.filter(c => c.outcome === outcome).length;
  const all = suites.flatMap(s => s.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="convert-doctor check" tests="${all.length}" failures="${count(all, 'failure')}" errors="${count(all, 'error')}" skipped="${count(all, 'skipped')}">`
  ];
  for (const suite of suites) {
    const time = suite.cases.reduce((t, c) => t + c.seconds, 0);
    lines.push(
      `  <testsuite name="${xmlText(suite.name)}" tests="${suite.cases.length}" failures="${count(suite.cases, 'failure')}" errors="${count(suite.cases, 'error')}" skipped="${count(suite.cases, 'skipped')}" time="${time.toFixed(3)}">`
    );
    for (const c of suite.cases) {
      const open = `    <testcase name="${xmlText(c.name)}" classname="${xmlText(c.classname)}" time="${c.seconds.toFixed(3)}"`;
      if (c.outcome === 'passed') {
        lines.push(`${open}/>`);
        continue;
      }
      const tag = c.outcome;
      lines.push(
        `${open}>`,
        `      <${tag} message="${xmlText(c.message ?? '')}">${xmlText(c.details ?? '')}</${tag}>`,
        '    </testcase>'
      );
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
