/**
 * Scores the traceback classifier on every labelled set (issue 3): exact-category % and
 * confident-wrong % (a wrong category other than `unknown` with confidence >= 0.7), per set:
 * the shared train.jsonl, the held-out sets in src/core/__tests__/data/heldout*.jsonl and the
 * failure-lab fixtures. Reads the Node build (lib-node/); `--cli` scores through the built
 * `convert-doctor diagnose --json` instead (one process per row, as the external scorer does);
 * `--misses` lists every miss. Build first: `npx tsc -p tsconfig.node.json`.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'lib-node/src/cli/main.js');
const CONFIDENT = 0.7;
const args = process.argv.slice(2);
const viaCli = args.includes('--cli');
const showMisses = args.includes('--misses');

function readJsonl(file) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(line => line.trim())
    .map(line => JSON.parse(line));
}

/** Rows as {id, label, input (text or error JSON), env?}. */
function loadSets() {
  const sets = [];
  const train = path.resolve(ROOT, 'tests/fixtures/tracebacks/train.jsonl');
  if (fs.existsSync(train)) {
    sets.push(['train', readJsonl(train).map(textRow)]);
  }
  const dataDir = path.join(ROOT, 'src/core/__tests__/data');
  for (const f of fs.readdirSync(dataDir).sort()) {
    if (/^heldout\d*\.jsonl$/.test(f)) {
      sets.push([
        f.replace('.jsonl', ''),
        readJsonl(path.join(dataDir, f)).map(textRow)
      ]);
    }
  }
  const labDir = path.join(ROOT, 'tests/fixtures/failure-lab');
  if (fs.existsSync(labDir)) {
    const rows = fs
      .readdirSync(labDir)
      .filter(f => f.endsWith('.json'))
      .sort()
      .map(f => {
        const fx = JSON.parse(fs.readFileSync(path.join(labDir, f), 'utf8'));
        return {
          id: fx.case,
          label: fx.expected_category,
          input: JSON.stringify({
            ename: fx.ename,
            evalue: fx.evalue,
            traceback: fx.traceback
          }),
          env: fx.env || undefined
        };
      });
    sets.push(['failure-lab', rows]);
  }
  return sets;
}

function textRow(row, i) {
  return {
    id: row.id || row.url || row.source || `row ${i + 1}`,
    label: row.label,
    input: row.error_text
  };
}

let core = null;
function diagnoseRow(row) {
  if (viaCli) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'score-classifier-'));
    try {
      const input = path.join(dir, 'error.txt');
      fs.writeFileSync(input, row.input);
      const argv = [CLI, 'diagnose', '--json'];
      if (row.env) {
        const envFile = path.join(dir, 'env.json');
        fs.writeFileSync(envFile, JSON.stringify(row.env));
        argv.push('--env', envFile);
      }
      argv.push(input);
      return JSON.parse(
        execFileSync(process.execPath, argv, { encoding: 'utf8' })
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (!core) {
    core = {
      knowledge: require(
        path.join(ROOT, 'lib-node/src/core/shippedKnowledge.js')
      ).SHIPPED_KNOWLEDGE,
      errorFromInput: require(
        path.join(ROOT, 'lib-node/src/core/errorInput.js')
      ).errorFromInput
    };
  }
  return core.knowledge.diagnose(core.errorFromInput(row.input), row.env);
}

const pct = (n, d) => ((100 * n) / d).toFixed(1).padStart(5) + ' %';
console.log(
  `classifier score (${viaCli ? 'through the built CLI' : 'lib-node core'}); targets: exact >= 90 %, confident-wrong <= 5 %`
);
console.log('set            rows   exact     confident-wrong   unknown');
for (const [name, rows] of loadSets()) {
  let exact = 0;
  let confidentWrong = 0;
  let unknown = 0;
  const misses = [];
  for (const row of rows) {
    const d = diagnoseRow(row);
    if (d.category === row.label) {
      exact++;
      continue;
    }
    if (d.category === 'unknown') {
      unknown++;
    } else if (d.confidence >= CONFIDENT) {
      confidentWrong++;
    }
    misses.push(`  ${row.id}: ${row.label} -> ${d.category} (${d.confidence})`);
  }
  console.log(
    `${name.padEnd(14)} ${String(rows.length).padStart(4)}   ${pct(exact, rows.length)}   ${pct(confidentWrong, rows.length)}           ${unknown}`
  );
  if (showMisses && misses.length) {
    console.log(misses.join('\n'));
  }
}
