/**
 * The TypeScript core, driven by the Python parity test (tests/python/test_engine_parity.py) and
 * bench/engine_bench.py: reads {"build": dir, "cases": [...], "rounds": n} as JSON on stdin and
 * prints one JSON object: each case's result as a JSON string (so key order and number
 * formatting are compared too), or with "rounds" the in-process timings per case.
 *
 * Cases: {"kind": "diagnose", "text"?: string, "error"?: record, "env"?: report|null,
 *         "source"?: string (the failing cell's)}
 *        {"kind": "rules", "env": report}
 *        {"kind": "fixcell", "recipe": id, "category": string, "source": string|null}
 *        {"kind": "env", "data": value, "partial": bool}
 *        {"kind": "probe", "reply": user_expressions}
 *        {"kind": "freeze", "text": string, "python"?: string, "source"?: string} (the freeze
 *          file's env report and the rules' findings on it)
 *        {"kind": "matches", "version": string, "specifier": string}
 *        {"kind": "knowledge", "data": {rules, signatures, packages, recipes}} (a KnowledgeBase
 *          built from them: its rules, alias groups expanded, or the error it refuses them with)
 *        {"kind": "regex", "source": string, "texts": [string]} (compiled as the classifier
 *          compiles signature patterns; the index of the first match per text, -1 for none)
 * `build` is a Node build of the core (tsc -p tsconfig.node.json --outDir build).
 */
const fs = require('fs');
const path = require('path');

const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const build = path.resolve(request.build);
const core = name => require(path.join(build, 'src/core', name));
const { SHIPPED_KNOWLEDGE } = core('shippedKnowledge.js');
const { errorFromInput } = core('errorInput.js');
const { parseEnvReport, parseProbeReply } = core('envReport.js');
const { guessParameters, renderFixCell } = core('fixCell.js');
const { matches } = core('versions.js');
const { freezeReport } = core('freezeReport.js');
const { wrapTolerant } = core('classifier.js');
const { KnowledgeBase } = core('knowledgeBase.js');

/** Characters of the failing cell's source read for paths (src/annotation/fixCells.ts). */
const MAX_SOURCE_SCAN = 100 * 1024;

function attempt(fn) {
  try {
    return { ok: fn() };
  } catch (err) {
    return { error: String(err && err.message) };
  }
}

function run(c) {
  switch (c.kind) {
    case 'diagnose':
      return attempt(() => {
        const error = c.error ?? errorFromInput(c.text);
        return {
          error,
          diagnosis: SHIPPED_KNOWLEDGE.diagnose(
            error,
            c.env ?? undefined,
            c.source ?? undefined
          )
        };
      });
    case 'rules':
      return attempt(() => SHIPPED_KNOWLEDGE.evaluateRules(c.env));
    case 'fixcell':
      return attempt(() => {
        const recipe = SHIPPED_KNOWLEDGE.recipes.find(r => r.id === c.recipe);
        if (!recipe) {
          throw new Error(`unknown recipe ${c.recipe}`);
        }
        const values = c.source
          ? guessParameters(recipe, c.source.slice(0, MAX_SOURCE_SCAN))
          : {};
        return renderFixCell(recipe, values, { category: c.category });
      });
    case 'env':
      return attempt(() =>
        parseEnvReport(c.data, c.partial ? { partial: true } : {})
      );
    case 'probe':
      return attempt(() => parseProbeReply(c.reply));
    case 'freeze':
      return attempt(() => {
        const env = freezeReport(c.text, {
          python: c.python ?? undefined,
          source: c.source ?? undefined
        });
        return { env, findings: SHIPPED_KNOWLEDGE.evaluateRules(env) };
      });
    case 'matches':
      return attempt(() => matches(c.version, c.specifier));
    case 'knowledge':
      return attempt(() => new KnowledgeBase(c.data).rules);
    case 'regex':
      return attempt(() => {
        const re = new RegExp(wrapTolerant(c.source), 'im');
        return c.texts.map(text => {
          const found = re.exec(text);
          return found ? found.index : -1;
        });
      });
    default:
      throw new Error(`unknown case kind ${c.kind}`);
  }
}

/** ms per case over `rounds` rounds of diagnose(errorFromInput(text), env), as Python times it. */
function time(cases, rounds) {
  const samples = cases.map(() => []);
  for (let r = 0; r < rounds; r++) {
    cases.forEach((c, i) => {
      const t0 = process.hrtime.bigint();
      SHIPPED_KNOWLEDGE.diagnose(
        c.error ?? errorFromInput(c.text),
        c.env ?? undefined
      );
      samples[i].push(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  }
  return samples;
}

const out = request.rounds
  ? { timings: time(request.cases, request.rounds) }
  : { results: request.cases.map(c => JSON.stringify(run(c))) };
process.stdout.write(JSON.stringify(out) + '\n');
