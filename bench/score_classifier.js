/**
 * Scores the traceback classifier on every labelled set (issue 3): exact-category % and
 * confident-wrong % (a wrong category other than `unknown` with confidence >= 0.7), per set:
 * the shared train.jsonl, the held-out sets in src/core/__tests__/data/heldout*.jsonl and the
 * failure-lab fixtures (`lab-heldout`, `lab-heldout2`: the lab cases marked `heldout`, never tuned on). Reads the Node build (lib-node/); `--cli` scores through the built
 * `convert-doctor diagnose --json` instead (one process per row, as the external scorer does);
 * `--misses` lists every miss. Build first: `npx tsc -p tsconfig.node.json`.
 *
 * Then the recipe offered first against each row's `fitting_recipe` label (issue 14): the share
 * offered a fitting recipe, none, or one that does not fit (target 0 %), before (the old rule:
 * the recipes the diagnosis' fixes name, then those listing its category) and after (the
 * diagnosis' `recipes`, chosen by context). Lab rows pass their case's code as the cell's source
 * (not through `--cli`, which, like `convert-doctor diagnose`, only has the traceback).
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
          fits: fx.fitting_recipe,
          source: caseSource(fx.case),
          input: JSON.stringify({
            ename: fx.ename,
            evalue: fx.evalue,
            traceback: fx.traceback
          }),
          env: fx.env || undefined,
          // `heldout: true` is the first lab held-out set; a string names a later one.
          heldout: fx.heldout === true ? 'lab-heldout' : fx.heldout || null
        };
      });
    // Held-out lab cases (chosen before their first run) are never tuned on.
    sets.push(['failure-lab', rows.filter(r => !r.heldout)]);
    for (const name of [...new Set(rows.map(r => r.heldout))].sort()) {
      if (name) {
        sets.push([name, rows.filter(r => r.heldout === name)]);
      }
    }
  }
  return sets;
}

function textRow(row, i) {
  return {
    id: row.id || row.url || row.source || `row ${i + 1}`,
    label: row.label,
    fits: row.fitting_recipe,
    input: row.error_text
  };
}

/** A lab case's code, after its docstring and CASE literal (src/core/__tests__/failureLabFixtures.ts). */
function caseSource(caseId) {
  const script = fs.readFileSync(
    path.join(ROOT, 'lab/cases', `${caseId}.py`),
    'utf8'
  );
  const end = /^\}[ \t]*$/m.exec(script);
  return end ? script.slice(end.index + end[0].length) : script;
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
  return core.knowledge.diagnose(
    core.errorFromInput(row.input),
    row.env,
    row.source
  );
}

/** The recipe the category-only rule offered first: named fixes, then those listing the category. */
function oldFirstRecipe(d) {
  if (d.category === 'unknown') {
    return null;
  }
  const recipes =
    diagnoseRow.recipes ??
    (diagnoseRow.recipes = JSON.parse(
      fs.readFileSync(
        path.join(ROOT, 'jupyterlab_convert_doctor/knowledge/recipes.json'),
        'utf8'
      )
    ).recipes);
  const named = d.fixes.filter(id => recipes.some(r => r.id === id));
  const byCategory = recipes
    .filter(r => r.categories.includes(d.category) && !named.includes(r.id))
    .map(r => r.id);
  return [...named, ...byCategory][0] ?? null;
}

/** fitting / none / not fitting, for the recipe offered first. */
function offerKind(offered, fits) {
  if (offered === null || offered === undefined) {
    return 'none';
  }
  return offered === fits ? 'fitting' : 'wrong';
}

const pct = (n, d) => ((100 * n) / d).toFixed(1).padStart(5) + ' %';
console.log(
  `classifier score (${viaCli ? 'through the built CLI' : 'lib-node core'}); targets: exact >= 90 %, confident-wrong <= 5 %`
);
console.log('set            rows   exact     confident-wrong   unknown');
const offers = [];
for (const [name, rows] of loadSets()) {
  const tally = {
    rows: rows.length,
    fits: 0,
    before: { fitting: 0, none: 0, wrong: 0 },
    after: { fitting: 0, none: 0, wrong: 0 }
  };
  offers.push([name, tally]);
  const wrongOffers = [];
  let exact = 0;
  let confidentWrong = 0;
  let unknown = 0;
  const misses = [];
  for (const row of rows) {
    const d = diagnoseRow(row);
    if (row.fits === undefined) {
      throw new Error(`${name} ${row.id}: no fitting_recipe label`);
    }
    tally.fits += row.fits === null ? 0 : 1;
    tally.before[offerKind(oldFirstRecipe(d), row.fits)]++;
    const after = offerKind(d.recipes[0], row.fits);
    tally.after[after]++;
    if (after === 'wrong') {
      wrongOffers.push(
        `  ${row.id}: offered ${d.recipes[0]}, fits ${row.fits}`
      );
    }
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
  if (showMisses && wrongOffers.length) {
    console.log(wrongOffers.join('\n'));
  }
}

console.log(
  '\nrecipe offered first vs the fitting_recipe label; target: not fitting 0 %'
);
console.log(
  'set            rows  fits |  before: fitting    none  not fitting |  after: fitting    none  not fitting'
);
for (const [name, t] of offers) {
  const cells = kind =>
    `${pct(t[kind].fitting, t.rows)} ${pct(t[kind].none, t.rows)}    ${pct(t[kind].wrong, t.rows)}`;
  console.log(
    `${name.padEnd(14)} ${String(t.rows).padStart(4)}  ${String(t.fits).padStart(4)} |         ${cells('before')} |        ${cells('after')}`
  );
}
