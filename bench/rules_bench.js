/**
 * Rule evaluation time on Colab-sized environments (issue 16: target <= 1 ms on a 700-package
 * environment), TS core and Python engine side by side. The environments are real: each Colab
 * image's published pip freeze read as `env --freeze` reads it (640-674 distributions), and the
 * union of the five freezes cut to 700 distributions (the newest image's first, then the
 * distributions only older images had). Both sides time evaluateRules(env) in-process on the
 * same reports (Node with process.hrtime, Python with time.perf_counter) and must return the
 * same findings.
 *
 *     node bench/rules_bench.js [--build lib-node] [--python .venv/bin/python] [--rounds 200]
 *
 * --build is a Node build of the core (`tsc -p tsconfig.node.json`, default lib-node/).
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const FREEZES = path.join(ROOT, 'src/core/__tests__/data/colab_freezes');
const TARGET_MS = 1;
const UNION_SIZE = 700;

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const build = path.resolve(option('--build', path.join(ROOT, 'lib-node')));
const defaultPython = path.join(ROOT, '.venv/bin/python');
const python = option(
  '--python',
  fs.existsSync(defaultPython) ? defaultPython : 'python3'
);
const rounds = Number(option('--rounds', '200'));
const core = name => require(path.join(build, 'src/core', name));
const { SHIPPED_KNOWLEDGE } = core('shippedKnowledge.js');
const { freezeReport } = core('freezeReport.js');

/** Each image's freeze as `env --freeze FILE --python X.Y.Z` reads it (README's versions). */
function freezeEnvs() {
  const readme = fs.readFileSync(path.join(FREEZES, 'README.md'), 'utf8');
  return fs
    .readdirSync(FREEZES)
    .filter(f => f.endsWith('.pip-freeze.txt'))
    .sort()
    .map(file => {
      const row = readme.split('\n').find(l => l.includes(`| ${file} `));
      const version = row && /\|\s*(\d+\.\d+\.\d+)\s*\|\s*$/.exec(row);
      const env = freezeReport(
        fs.readFileSync(path.join(FREEZES, file), 'utf8'),
        { python: version ? version[1] : undefined, source: file }
      );
      return { label: file.replace('.pip-freeze.txt', ''), env };
    });
}

/** 700 distributions: the newest image's, then those only older images had, newest first. */
function unionEnv(envs) {
  const newest = envs[envs.length - 1].env;
  const packages = { ...newest.packages };
  for (const { env } of [...envs].reverse()) {
    for (const [name, state] of Object.entries(env.packages)) {
      if (Object.keys(packages).length >= UNION_SIZE) {
        break;
      }
      packages[name] = packages[name] ?? state;
    }
  }
  return {
    label: `union of the five (${Object.keys(packages).length})`,
    env: { ...newest, packages }
  };
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = q =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: pick(0.5), p95: pick(0.95) };
}

function timeTs(env) {
  for (let i = 0; i < 20; i++) {
    SHIPPED_KNOWLEDGE.evaluateRules(env); // warm-up: JIT and the version-match memo
  }
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    SHIPPED_KNOWLEDGE.evaluateRules(env);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return stats(samples);
}

const PY_TIMER = `
import json, sys, time
from jupyterlab_convert_doctor.engine import shipped_knowledge
request = json.load(sys.stdin)
kb = shipped_knowledge()
out = []
for env in request["envs"]:
    for _ in range(20):
        kb.evaluate_rules(env)
    samples = []
    for _ in range(request["rounds"]):
        t0 = time.perf_counter()
        kb.evaluate_rules(env)
        samples.append((time.perf_counter() - t0) * 1e3)
    out.append({"samples": samples, "rules": [f["rule"] for f in kb.evaluate_rules(env)]})
print(json.dumps(out))
`;

function timePython(envs) {
  const run = spawnSync(python, ['-c', PY_TIMER], {
    cwd: ROOT,
    input: JSON.stringify({ envs, rounds }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  });
  if (run.status !== 0) {
    throw new Error(`${python}: ${run.stderr || run.error}`);
  }
  return JSON.parse(run.stdout);
}

const envs = freezeEnvs();
envs.push(unionEnv(envs));
const py = timePython(envs.map(e => e.env));
const fmt = x => x.toFixed(3).padStart(7);
console.log(
  `evaluateRules on Colab environments: ${SHIPPED_KNOWLEDGE.rules.rules.length} rules, ${rounds} rounds after 20 warm-up (ms)`
);
console.log(
  `${'environment'.padEnd(26)} ${'pkgs'.padStart(4)}  ${'TS median'.padStart(9)} ${'TS p95'.padStart(7)}  ${'Py median'.padStart(9)} ${'Py p95'.padStart(7)}  findings`
);
let worst = 0;
envs.forEach(({ label, env }, i) => {
  const ts = timeTs(env);
  const pyStats = stats(py[i].samples);
  const tsRules = SHIPPED_KNOWLEDGE.evaluateRules(env).map(f => f.rule);
  if (JSON.stringify(tsRules) !== JSON.stringify(py[i].rules)) {
    throw new Error(`${label}: TS and Python findings differ`);
  }
  worst = Math.max(worst, ts.median, pyStats.median);
  console.log(
    `${label.padEnd(26)} ${String(Object.keys(env.packages).length).padStart(4)}  ${fmt(ts.median).padStart(9)} ${fmt(ts.p95)}  ${fmt(pyStats.median).padStart(9)} ${fmt(pyStats.p95)}  ${tsRules.length}`
  );
});
console.log(
  `target <= ${TARGET_MS} ms on the median, both engines: ${worst <= TARGET_MS ? 'ok' : 'MISSED'} (worst median ${worst.toFixed(3)} ms)`
);
