/**
 * Classifier and rules timing (issue 3). Prints, beside the targets:
 *  - diagnose() per traceback on small real tracebacks (shared train.jsonl + failure-lab fixtures),
 *  - diagnose() on a 1 MB traceback (a real fixture's frames repeated to 1 MB, and a single 1 MB line),
 *  - evaluateRules() on the largest real environment report of the failure lab.
 * Target: <= 5 ms per traceback, also at 1 MB. Run with `bash bench/classifier_bench.sh`
 * (builds lib-node first); reads the Node build of the core in lib-node/.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const { SHIPPED_KNOWLEDGE } = require(
  path.join(ROOT, 'lib-node/src/core/shippedKnowledge.js')
);
const { errorFromInput } = require(
  path.join(ROOT, 'lib-node/src/core/errorInput.js')
);
const diagnose = (error, env) => SHIPPED_KNOWLEDGE.diagnose(error, env);
const evaluateRules = env => SHIPPED_KNOWLEDGE.evaluateRules(env);

const TARGET_MS = 5;

function timeEach(items, fn, rounds) {
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    for (const item of items) {
      const t0 = process.hrtime.bigint();
      fn(item);
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  samples.sort((a, b) => a - b);
  const pick = q =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return {
    n: samples.length,
    median: pick(0.5),
    p95: pick(0.95),
    max: samples[samples.length - 1]
  };
}

function row(label, s, target) {
  const verdict =
    target === undefined
      ? ''
      : s.median <= target
        ? `  (target <= ${target} ms on the median: ok)`
        : `  (target <= ${target} ms on the median: MISSED)`;
  console.log(
    `${label.padEnd(46)} n=${String(s.n).padStart(5)}  median ${s.median.toFixed(3)} ms  p95 ${s.p95.toFixed(3)} ms  max ${s.max.toFixed(3)} ms${verdict}`
  );
}

// Small real tracebacks.
const train = fs
  .readFileSync(
    path.resolve(ROOT, 'tests/fixtures/tracebacks/train.jsonl'),
    'utf8'
  )
  .split('\n')
  .filter(Boolean)
  .map(line => errorFromInput(JSON.parse(line).error_text));
const labDir = path.join(ROOT, 'tests/fixtures/failure-lab');
const fixtures = fs.existsSync(labDir)
  ? fs
      .readdirSync(labDir)
      .filter(f => f.endsWith('.json'))
      .map(f => JSON.parse(fs.readFileSync(path.join(labDir, f), 'utf8')))
  : [];
const labErrors = fixtures.map(fx => ({
  ename: fx.ename,
  evalue: fx.evalue,
  traceback: fx.traceback
}));
const small = [...train, ...labErrors];

// Warm-up (regex compilation, JIT) is excluded from the figures.
for (let i = 0; i < 20; i++) small.forEach(e => diagnose(e));

console.log(`convert-doctor classifier bench (node ${process.version})`);
row(
  `diagnose, small real tracebacks (${small.length})`,
  timeEach(small, e => diagnose(e), 50),
  TARGET_MS
);

// 1 MB: the frames of the longest real fixture repeated (a deep recursion), its real error last.
const longest = labErrors.reduce(
  (a, b) =>
    b.traceback.join('\n').length > a.traceback.join('\n').length ? b : a,
  labErrors[0] ?? train[0]
);
const frames = longest.traceback.slice(0, -1);
const bigTraceback = [];
let size = 0;
while (size < 1024 * 1024) {
  for (const f of frames) {
    bigTraceback.push(f);
    size += f.length + 1;
  }
}
bigTraceback.push(longest.traceback[longest.traceback.length - 1]);
const bigFrames = {
  ename: longest.ename,
  evalue: longest.evalue,
  traceback: bigTraceback
};
const bigLine = {
  ename: 'ValueError',
  evalue: '',
  traceback: [
    'x'.repeat(1024 * 1024) +
      ' cannot reshape array of size 30868 into shape (256,256,3,3)'
  ]
};
const bigText = bigTraceback.join('\n');
console.log(
  `1 MB inputs: ${(bigText.length / 1048576).toFixed(2)} MB in ${bigTraceback.length} lines; one line of ${(bigLine.traceback[0].length / 1048576).toFixed(2)} MB`
);
row(
  'diagnose, 1 MB traceback (many lines)',
  timeEach([bigFrames], e => diagnose(e), 200),
  TARGET_MS
);
row(
  'diagnose, 1 MB traceback (one line)',
  timeEach([bigLine], e => diagnose(e), 200),
  TARGET_MS
);
row(
  'errorFromInput + diagnose, 1 MB pasted text',
  timeEach([bigText], t => diagnose(errorFromInput(t)), 50)
);

// Rules on the largest real environment report.
const envs = fixtures.map(fx => fx.env).filter(Boolean);
if (envs.length) {
  const env = envs.reduce((a, b) =>
    Object.keys(b.packages).length > Object.keys(a.packages).length ? b : a
  );
  const installed = Object.values(env.packages).filter(
    p => p.installed || p.loaded
  ).length;
  for (let i = 0; i < 50; i++) evaluateRules(env);
  row(
    `evaluateRules, real report (${Object.keys(env.packages).length} watched, ${installed} present)`,
    timeEach([env], e => evaluateRules(e), 2000)
  );
  row(
    'diagnose with env (rules included), small',
    timeEach(
      labErrors.map((e, i) => [e, fixtures[i].env || undefined]),
      ([e, en]) => diagnose(e, en),
      50
    ),
    TARGET_MS
  );
} else {
  console.log(
    'evaluateRules: no failure-lab environment reports found (tests/fixtures/failure-lab)'
  );
}
