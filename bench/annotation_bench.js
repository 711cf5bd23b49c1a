/**
 * Annotation benchmark (issue 5), measured in Debian's Chromium against real Jupyter servers and
 * ipykernels; run through bench/annotation_bench.sh, which builds what it needs.
 *
 * 1. Latency: for 20 cells that fail for real, the time from the error output reaching the page
 *    to the diagnosis being visible under that cell (target <= 100 ms each).
 * 2. A 1000-cell notebook with 200 saved errors, opened, then kept scrolled to its end until
 *    the last failed cell is on screen, with the extension and without it (the baseline: a
 *    second server whose user config disables the extension), alternating, median of the
 *    rounds: main-thread long tasks, time to the first and last error output and annotation,
 *    and our own time (the `convert-doctor:annotate` User Timing measures the annotation
 *    records).
 * 3. A cell failing for real with a ~10 MB ANSI-coloured traceback: how long JupyterLab takes to
 *    show it without and with the extension, and our annotate time.
 * 4. The labextension's JS size (target <= 150 KB minified).
 *
 * Ports: CONVERT_DOCTOR_BENCH_PORT (8896) with the extension, CONVERT_DOCTOR_BENCH_BASELINE_PORT
 * (8897) without. Rounds: CONVERT_DOCTOR_BENCH_ROUNDS (3).
 */
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const { chromium } = require(
  path.join(ROOT, 'ui-tests', 'node_modules', 'playwright')
);

const PORT = Number(process.env.CONVERT_DOCTOR_BENCH_PORT || 8896);
const BASELINE_PORT = Number(
  process.env.CONVERT_DOCTOR_BENCH_BASELINE_PORT || PORT + 1
);
const ROUNDS = Number(process.env.CONVERT_DOCTOR_BENCH_ROUNDS || 3);
const CELLS = 20;
const LARGE_CELLS = 1000;
const TARGET_MS = 100;
const TARGET_KB = 150;
const EXTENSION = 'jupyterlab-convert-doctor';
const JUPYTER = path.join(ROOT, '.venv', 'bin', 'jupyter');
// After the last thing waited for, long tasks are still collected this long.
const SETTLE_MS = 3000;

// Real failures, alternating: a missing module and an IR-too-new ONNX model.
const FAILING = [
  'import onnx_tf',
  [
    'import onnx, onnxruntime as ort',
    'from onnx import helper, TensorProto',
    "x = helper.make_tensor_value_info('x', TensorProto.FLOAT, [1])",
    "y = helper.make_tensor_value_info('y', TensorProto.FLOAT, [1])",
    "g = helper.make_graph([helper.make_node('Identity', ['x'], ['y'])], 'g', [x], [y])",
    "m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 13)])",
    'm.ir_version = onnx.IR_VERSION + 1',
    "ort.InferenceSession(m.SerializeToString(), providers=['CPUExecutionProvider'])"
  ].join('\n')
];

// ~10 MB of ANSI-coloured converter log carried by a real failure (the Galata test's cell).
const HUGE_TRACEBACK_SOURCE = fs.readFileSync(
  path.join(ROOT, 'tests', 'fixtures', 'cells', 'huge_traceback.py'),
  'utf8'
);

function notebook(sources) {
  return {
    cells: sources.map((source, i) => ({
      cell_type: 'code',
      execution_count: null,
      id: `bench-${i}`,
      metadata: {},
      outputs: [],
      source
    })),
    metadata: {
      kernelspec: {
        display_name: 'Python 3 (ipykernel)',
        language: 'python',
        name: 'python3'
      }
    },
    nbformat: 4,
    nbformat_minor: 5
  };
}

async function waitForServer(url, deadline) {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) {
        return;
      }
    } catch {
      // not up yet
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(`Jupyter server did not answer at ${url}`);
}

/**
 * A Jupyter server of the project venv with its own user config folder; `withExtension` false
 * disables this extension there the way a user would (`jupyter labextension disable`).
 */
async function startServer(port, withExtension) {
  const configDir = fs.mkdtempSync('/tmp/convert-doctor-bench-config-');
  const rootDir = fs.mkdtempSync('/tmp/convert-doctor-bench-root-');
  const env = { ...process.env, JUPYTER_CONFIG_DIR: configDir };
  if (!withExtension) {
    execFileSync(
      JUPYTER,
      ['labextension', 'disable', EXTENSION, '--level=user'],
      { env, stdio: 'ignore' }
    );
    const pageConfig = JSON.parse(
      fs.readFileSync(
        path.join(configDir, 'labconfig', 'page_config.json'),
        'utf8'
      )
    );
    if (pageConfig.disabledExtensions?.[EXTENSION] !== true) {
      throw new Error('the baseline server would still load the extension');
    }
  }
  const child = spawn(
    JUPYTER,
    [
      'lab',
      '--config',
      path.join(ROOT, 'ui-tests', 'jupyter_server_test_config.py'),
      `--ServerApp.port=${port}`,
      `--ServerApp.root_dir=${rootDir}`,
      '--no-browser'
    ],
    {
      cwd: path.join(ROOT, 'ui-tests'),
      env,
      stdio: ['ignore', 'ignore', 'ignore']
    }
  );
  const base = `http://localhost:${port}`;
  await waitForServer(`${base}/api`, Date.now() + 120000);
  return {
    base,
    rootDir,
    withExtension,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise(resolve => child.once('exit', resolve));
      }
      fs.rmSync(rootDir, { recursive: true, force: true });
      fs.rmSync(configDir, { recursive: true, force: true });
    }
  };
}

/** A fresh JupyterLab page (reset workspace) that records long tasks from its start. */
async function openLab(browser, server) {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 }
  });
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver(list => {
      for (const entry of list.getEntries()) {
        window.__longTasks.push([entry.startTime, entry.duration]);
      }
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${server.base}/lab?reset`);
  await page.waitForFunction(
    () => window.jupyterapp?.commands?.hasCommand('docmanager:open'),
    null,
    { timeout: 120000 }
  );
  // Let start-up work finish before anything is measured.
  await page.waitForTimeout(2000);
  const presence = await page.evaluate(() => ({
    plugin: window.jupyterapp.hasPlugin('jupyterlab-convert-doctor:annotation'),
    inspector: !!document.querySelector('#jp-convert-doctor-inspector'),
    command: window.jupyterapp.commands.hasCommand(
      'convert-doctor:diagnose-all'
    )
  }));
  const present = Object.values(presence);
  if (!present.every(p => p === server.withExtension)) {
    throw new Error(
      `extension ${server.withExtension ? 'missing from' : 'present in'} the page at ${server.base}: ${JSON.stringify(presence)}`
    );
  }
  return page;
}

/** Long tasks and our measures in the page between two `performance.now()` times. */
async function mainThreadFigures(page, start, end) {
  return page.evaluate(
    ([from, to]) => {
      const tasks = window.__longTasks.filter(
        ([s, d]) => s + d >= from && s <= to
      );
      const ours = performance
        .getEntriesByName('convert-doctor:annotate')
        .filter(e => e.startTime >= from && e.startTime <= to);
      const publish = performance
        .getEntriesByName('convert-doctor:publish')
        .filter(e => e.startTime >= from && e.startTime <= to);
      // Our time spent inside long tasks (what we add to the page's jank).
      const oursInLongTasks = ours.reduce((sum, e) => {
        const task = tasks.find(
          ([s, d]) => e.startTime >= s && e.startTime <= s + d
        );
        return task ? sum + e.duration : sum;
      }, 0);
      return {
        longest: Math.max(0, ...tasks.map(t => t[1])),
        longTaskTotal: tasks.reduce((sum, t) => sum + t[1], 0),
        longTasks: tasks.length,
        ours: ours.reduce((sum, e) => sum + e.duration, 0),
        oursCount: ours.length,
        oursLongest: Math.max(0, ...ours.map(e => e.duration)),
        publish: publish.reduce((sum, e) => sum + e.duration, 0),
        oursInLongTasks
      };
    },
    [start, end]
  );
}

/**
 * Opens the large notebook, waits for its first error output (and annotation), scrolls to the
 * end and waits for the last error output (and annotation) there.
 */
async function largeRound(browser, server) {
  const page = await openLab(browser, server);
  const withExtension = server.withExtension;
  const start = await page.evaluate(() => {
    const times = (window.__benchTimes = { start: performance.now() });
    const shown = '.jp-NotebookPanel:not(.lm-mod-hidden)';
    new MutationObserver(() => {
      const now = performance.now();
      if (
        times.firstOutput === undefined &&
        document.querySelector(
          `${shown} [data-mime-type="application/vnd.jupyter.stderr"] pre`
        )
      ) {
        times.firstOutput = now;
      }
      if (
        times.firstAnnotation === undefined &&
        document.querySelector(`${shown} .jp-ConvertDoctor-diagnosis`)
      ) {
        times.firstAnnotation = now;
      }
    }).observe(document.body, { childList: true, subtree: true });
    void window.jupyterapp.commands.execute('docmanager:open', {
      path: 'large.ipynb'
    });
    return times.start;
  });
  await page.waitForFunction(
    withExtension =>
      window.__benchTimes.firstOutput !== undefined &&
      (!withExtension || window.__benchTimes.firstAnnotation !== undefined),
    withExtension,
    { timeout: 120000 }
  );
  // Scroll to the end as a user would (End key, scrollbar): keep the notebook at its bottom
  // until the last failed cell is on screen with its output (and annotation). JupyterLab
  // builds a large notebook's cells progressively, so the end moves until all are built;
  // then the last cell is brought to the bottom of the view (past it is scroll-past-end room).
  await page.evaluate(() => {
    window.__benchTimes.scroll = performance.now();
  });
  await page.waitForFunction(
    ([index, withExtension]) => {
      const times = window.__benchTimes;
      const panel = document.querySelector(
        '.jp-NotebookPanel:not(.lm-mod-hidden)'
      );
      const scroller = panel.querySelector('.jp-WindowedPanel-outer');
      const lastCell = panel.querySelector(
        `.jp-Cell[data-windowed-list-index="${index + 4}"]`
      );
      if (lastCell) {
        lastCell.scrollIntoView({ block: 'end' });
      } else {
        scroller.scrollTop = scroller.scrollHeight;
      }
      const cell = panel.querySelector(
        `.jp-Cell[data-windowed-list-index="${index}"]`
      );
      if (cell) {
        const box = cell.getBoundingClientRect();
        const view = scroller.getBoundingClientRect();
        const now = performance.now();
        if (box.bottom > view.top && box.top < view.bottom) {
          if (
            cell.querySelector(
              '[data-mime-type="application/vnd.jupyter.stderr"] pre'
            )
          ) {
            times.lastOutput ??= now;
          }
          if (cell.querySelector('.jp-ConvertDoctor-diagnosis')) {
            times.lastAnnotation ??= now;
          }
        }
      }
      return (
        times.lastOutput !== undefined &&
        (!withExtension || times.lastAnnotation !== undefined)
      );
    },
    [LARGE_CELLS - 5, withExtension],
    // Once a second, like a user pressing End again and again: each look forces a layout.
    { timeout: 600000, polling: 1000 }
  );
  if (withExtension) {
    // Every failed cell diagnosed: the inspector (hidden) lists them all.
    await page.waitForFunction(
      n => {
        const count = document.querySelectorAll(
          '#jp-convert-doctor-inspector .jp-ConvertDoctor-failedCell'
        ).length;
        if (count >= n) {
          window.__benchTimes.allDiagnosed ??= performance.now();
        }
        return count >= n;
      },
      LARGE_CELLS / 5,
      { timeout: 300000, polling: 100 }
    );
  }
  await page.waitForTimeout(SETTLE_MS);
  const end = await page.evaluate(() => performance.now());
  const t = await page.evaluate(() => window.__benchTimes);
  const figures = {
    firstOutput: t.firstOutput - t.start,
    firstAnnotation: withExtension ? t.firstAnnotation - t.start : null,
    lastOutput: t.lastOutput - t.start,
    lastAnnotation: withExtension ? t.lastAnnotation - t.start : null,
    allDiagnosed: withExtension ? t.allDiagnosed - t.start : null,
    ...(await mainThreadFigures(page, start, end))
  };
  await page.close();
  return figures;
}

/** Runs the huge-traceback cell; times its error output and (with the extension) annotation. */
async function hugeTracebackRound(browser, server) {
  const page = await openLab(browser, server);
  await page.evaluate(() =>
    window.jupyterapp.commands.execute('docmanager:open', {
      path: 'huge.ipynb'
    })
  );
  await page.waitForFunction(
    () =>
      window.jupyterapp.shell.currentWidget?.context?.path === 'huge.ipynb' &&
      window.jupyterapp.shell.currentWidget.sessionContext?.session?.kernel
        ?.status === 'idle',
    null,
    { timeout: 120000 }
  );
  const start = await page.evaluate(() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cell = panel.content.widgets[0];
    const times = (window.__benchTimes = { start: performance.now() });
    new MutationObserver(() => {
      const now = performance.now();
      if (
        times.output === undefined &&
        cell.node.querySelector(
          '[data-mime-type="application/vnd.jupyter.stderr"] pre'
        )
      ) {
        times.output = now;
      }
      if (
        times.annotation === undefined &&
        cell.node.querySelector('.jp-ConvertDoctor-diagnosis')
      ) {
        times.annotation = now;
      }
    }).observe(cell.node, { childList: true, subtree: true });
    panel.content.activeCellIndex = 0;
    void window.jupyterapp.commands.execute('notebook:run-cell');
    return times.start;
  });
  await page.waitForFunction(
    withExtension =>
      window.__benchTimes.output !== undefined &&
      (!withExtension || window.__benchTimes.annotation !== undefined),
    server.withExtension,
    { timeout: 600000, polling: 500 }
  );
  await page.waitForTimeout(SETTLE_MS);
  const end = await page.evaluate(() => performance.now());
  const t = await page.evaluate(() => window.__benchTimes);
  const size = await page.evaluate(() => {
    const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
    const error = cells
      .get(0)
      .outputs.toJSON()
      .find(o => o.output_type === 'error');
    return {
      chars: error.traceback.join('\n').length,
      category:
        document
          .querySelector('.jp-ConvertDoctor-diagnosis')
          ?.getAttribute('data-category') ?? null
    };
  });
  const figures = {
    output: t.output - t.start,
    annotationAfterOutput: server.withExtension
      ? t.annotation - t.output
      : null,
    ...size,
    ...(await mainThreadFigures(page, start, end))
  };
  await page.close();
  return figures;
}

/** Bytes of the files in a built static folder whose names end with `suffix`. */
function staticSize(dir, suffix = '.js') {
  if (!fs.existsSync(dir)) {
    return null;
  }
  return fs
    .readdirSync(dir)
    .filter(name => name.endsWith(suffix))
    .reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
}

function percentile(sorted, p) {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

function median(values) {
  const sorted = values.filter(v => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return null;
  }
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ms = value => (value === null ? '-' : `${Math.round(value)} ms`);

/** Prints one row per figure: baseline and ours side by side (medians), then each round. */
function printTable(rows, without, withExt) {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  console.log(
    `  ${''.padEnd(width)}${'without extension'.padStart(20)}${'with extension'.padStart(18)}   rounds (without | with)`
  );
  for (const [label, key, format = ms] of rows) {
    const a = without.map(r => r[key]);
    const b = withExt.map(r => r[key]);
    const med = v => (v.every(x => x === null) ? null : median(v));
    console.log(
      `  ${label.padEnd(width)}${format(med(a)).padStart(20)}${format(med(b)).padStart(18)}   ${a.map(format).join(' ')} | ${b.map(format).join(' ')}`
    );
  }
}

/** Part 1: latency from each real error output to its annotation; returns real saved errors. */
async function latency(browser, server) {
  fs.writeFileSync(
    path.join(server.rootDir, 'bench.ipynb'),
    JSON.stringify(
      notebook(Array.from({ length: CELLS }, (_, i) => FAILING[i % 2]))
    )
  );
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 }
  });
  await page.goto(`${server.base}/lab/tree/bench.ipynb?reset`);
  await page.waitForFunction(
    () =>
      window.jupyterapp?.shell?.currentWidget?.sessionContext?.session?.kernel
        ?.status === 'idle',
    null,
    { timeout: 120000 }
  );
  // In the page: when a cell gets its error output node, and when its annotation appears.
  await page.evaluate(() => {
    const seen = (window.__benchTimes = new Map());
    const record = () => {
      const now = performance.now();
      document
        .querySelectorAll('.jp-Notebook .jp-Cell')
        .forEach((cell, index) => {
          const entry = seen.get(index) || {};
          if (
            entry.error === undefined &&
            cell.querySelector(
              '[data-mime-type="application/vnd.jupyter.stderr"]'
            )
          ) {
            entry.error = now;
          }
          if (
            entry.annotation === undefined &&
            cell.querySelector('.jp-ConvertDoctor-diagnosis')
          ) {
            entry.annotation = now;
          }
          seen.set(index, entry);
        });
    };
    new MutationObserver(record).observe(document.body, {
      childList: true,
      subtree: true
    });
  });
  // Run every cell in order (one kernel round trip each), as "Run All" would.
  for (let index = 0; index < CELLS; index++) {
    await page.evaluate(async i => {
      const app = window.jupyterapp;
      const panel = app.shell.currentWidget;
      panel.content.activeCellIndex = i;
      await panel.content.scrollToItem(i, 'center');
      await app.commands.execute('notebook:run-cell');
    }, index);
    await page.waitForFunction(
      i => window.__benchTimes.get(i)?.annotation !== undefined,
      index,
      { timeout: 30000 }
    );
  }
  const times = await page.evaluate(() =>
    Array.from(window.__benchTimes.entries())
      .filter(([, t]) => t.error !== undefined && t.annotation !== undefined)
      .map(([index, t]) => ({ index, ms: t.annotation - t.error }))
  );
  const categories = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.jp-ConvertDoctor-diagnosis')).map(
      node => node.dataset.category
    )
  );
  const sorted = times.map(t => t.ms).sort((a, b) => a - b);
  const fmt = value => `${value.toFixed(1)} ms`;
  console.log(
    `annotation latency over ${sorted.length} real failing cells (error output -> annotation visible):`
  );
  console.log(
    `  median ${fmt(percentile(sorted, 50))}, p95 ${fmt(percentile(sorted, 95))}, max ${fmt(sorted[sorted.length - 1])}  (target <= ${TARGET_MS} ms each: ${sorted[sorted.length - 1] <= TARGET_MS ? 'met' : 'NOT met'})`
  );
  console.log(`  per cell: ${times.map(t => Math.round(t.ms)).join(' ')}`);
  console.log(`  categories: ${Array.from(new Set(categories)).join(', ')}`);
  const savedErrors = await page.evaluate(() => {
    const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
    return [0, 1].map(i => cells.get(i).outputs.toJSON());
  });
  await page.close();
  return savedErrors;
}

async function main() {
  const servers = [];
  const browser = await chromium.launch({
    executablePath: process.env.CONVERT_DOCTOR_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
  });
  try {
    const withExt = await startServer(PORT, true);
    servers.push(withExt);
    const without = await startServer(BASELINE_PORT, false);
    servers.push(without);

    const savedErrors = await latency(browser, withExt);

    // The large notebook: every fifth cell holds one of the real error outputs above (saved).
    const large = notebook(
      Array.from({ length: LARGE_CELLS }, (_, i) =>
        i % 5 === 0 ? FAILING[(i / 5) % 2] : `x_${i} = ${i}`
      )
    );
    large.cells.forEach((cell, i) => {
      if (i % 5 === 0) {
        cell.execution_count = 1;
        cell.outputs = savedErrors[(i / 5) % 2];
      }
    });
    const huge = notebook([HUGE_TRACEBACK_SOURCE, 'y = 1']);
    // Written before every round: an autosave of the previous round must not carry over.
    const writeNotebooks = server => {
      fs.writeFileSync(
        path.join(server.rootDir, 'large.ipynb'),
        JSON.stringify(large)
      );
      fs.writeFileSync(
        path.join(server.rootDir, 'huge.ipynb'),
        JSON.stringify(huge)
      );
    };

    // Alternate which side goes first, so that neither always has the warmer machine.
    const alternatingRounds = async runRound => {
      const figures = { with: [], without: [] };
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? [withExt, without] : [without, withExt];
        for (const server of order) {
          writeNotebooks(server);
          figures[server === withExt ? 'with' : 'without'].push(
            await runRound(browser, server)
          );
        }
      }
      return figures;
    };

    const { without: largeWithout, with: largeWith } =
      await alternatingRounds(largeRound);
    console.log(
      `${LARGE_CELLS}-cell notebook with ${LARGE_CELLS / 5} saved errors, opened then scrolled to the end (median of ${ROUNDS} rounds; default windowing mode):`
    );
    printTable(
      [
        ['notebook shown: first error output (from open)', 'firstOutput'],
        ['first annotation (from open)', 'firstAnnotation'],
        [
          'scrolled to the end: last error output on screen (from open)',
          'lastOutput'
        ],
        [
          'scrolled to the end: its annotation on screen (from open)',
          'lastAnnotation'
        ],
        [
          `all ${LARGE_CELLS / 5} failed cells diagnosed, listed in the inspector (from open)`,
          'allDiagnosed'
        ],
        ['longest main-thread task', 'longest'],
        ['total long-task time', 'longTaskTotal'],
        [
          'number of long tasks',
          'longTasks',
          v => (v === null ? '-' : String(Math.round(v)))
        ],
        ['our time: convert-doctor:annotate, sum', 'ours'],
        [
          '  number of measures',
          'oursCount',
          v => (v === null ? '-' : String(Math.round(v)))
        ],
        [
          '  longest single measure',
          'oursLongest',
          v => (v === null ? '-' : `${v.toFixed(1)} ms`)
        ],
        ['  of which publishing to the inspector list', 'publish'],
        ['  of which inside long tasks', 'oursInLongTasks']
      ],
      largeWithout,
      largeWith
    );

    const { without: hugeWithout, with: hugeWith } =
      await alternatingRounds(hugeTracebackRound);
    const chars = hugeWith[0].chars;
    console.log(
      `a cell failing for real with a ${(chars / 1e6).toFixed(1)} MB ANSI-coloured traceback (median of ${ROUNDS} rounds; category ${hugeWith[0].category}):`
    );
    printTable(
      [
        ['error output shown (from run)', 'output'],
        ['annotation shown after the output', 'annotationAfterOutput'],
        ['longest main-thread task', 'longest'],
        ['total long-task time', 'longTaskTotal'],
        ['our time: convert-doctor:annotate, sum', 'ours'],
        [
          '  longest single measure',
          'oursLongest',
          v => (v === null ? '-' : `${v.toFixed(1)} ms`)
        ]
      ],
      hugeWithout,
      hugeWith
    );
  } finally {
    await browser.close();
    for (const server of servers) {
      await server.stop();
    }
  }

  const dev = staticSize(
    path.join(ROOT, 'jupyterlab_convert_doctor', 'labextension', 'static')
  );
  const prodDir = process.env.CONVERT_DOCTOR_PROD_STATIC;
  const prod = prodDir ? staticSize(prodDir) : null;
  // The knowledge data is not in the JS: the knowledge plugin fetches it as JSON assets at
  // start-up, so a page loads both; state them side by side.
  const json = dir => staticSize(dir, '.json');
  const kb = bytes => `${(bytes / 1024).toFixed(1)} KB`;
  if (dev !== null) {
    console.log(
      `labextension JS (current build in jupyterlab_convert_doctor/labextension): ${kb(dev)}; knowledge JSON fetched at start-up: ${kb(json(path.join(ROOT, 'jupyterlab_convert_doctor', 'labextension', 'static')))}`
    );
  }
  if (prod !== null) {
    console.log(
      `labextension JS, production (minified) build: ${kb(prod)} (target <= ${TARGET_KB} KB: ${prod / 1024 <= TARGET_KB ? 'met' : 'NOT met'}); knowledge JSON fetched at start-up: ${kb(json(prodDir))}`
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
