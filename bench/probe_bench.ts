/**
 * Prints, side by side, on the kernel with TF + torch + onnx installed: the probe's latency
 * through the kernel protocol (median of 20), `pip list --format=json` in the same env, and
 * `import tensorflow; tensorflow.__version__` in a fresh process. Targets (issue 2): the probe
 * at most 1/20 of `pip list` and at most 100 ms median. Run with `bash bench/probe_bench.sh`.
 */
import { spawnSync } from 'child_process';

import { probeKernel } from '../src/kernel/probeKernel';
import {
  JupyterServer,
  ensureHeavyKernelPython
} from '../tests/integration/jupyterServer';
import { SHIPPED_KNOWLEDGE } from '../src/core/shippedKnowledge';

const WATCH = SHIPPED_KNOWLEDGE.packages;

const PROBE_RUNS = 20;
const PROCESS_RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timeProcess(command: string, args: string[]): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr}`);
  }
  return ms;
}

function row(what: string, ms: number, note = ''): string {
  return `${what.padEnd(46)} ${ms.toFixed(1).padStart(9)} ms  ${note}`;
}

async function main(): Promise<void> {
  const python = ensureHeavyKernelPython();
  const server = await JupyterServer.start({ heavyPython: python });
  const debug = console.debug;
  console.debug = () => undefined; // @jupyterlab/services logs every socket and status
  try {
    const kernel = await server.startKernel('heavy');
    const latencies: number[] = [];
    const inKernel: number[] = [];
    // One warm-up: the first probe also pays importlib.metadata's first import and caches.
    for (let i = 0; i < PROBE_RUNS + 1; i++) {
      const started = process.hrtime.bigint();
      const result = await probeKernel(kernel, {
        watch: WATCH,
        timeoutMs: 30000
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (result.kind !== 'ok') {
        throw new Error(`probe gave ${JSON.stringify(result)}`);
      }
      if (i > 0) {
        latencies.push(ms);
        inKernel.push(result.report.probe_ms);
      } else {
        console.log(
          row(
            'probe, first call (cold)',
            ms,
            `in-kernel ${result.report.probe_ms} ms`
          )
        );
      }
    }
    // The same probe on the main shell, and the floor: an empty silent request's round trip.
    const mainShell: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < PROBE_RUNS; i++) {
      let started = process.hrtime.bigint();
      const result = await probeKernel(kernel, {
        watch: WATCH,
        timeoutMs: 30000,
        useSubshell: false
      });
      mainShell.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (result.kind !== 'ok') {
        throw new Error(`probe gave ${JSON.stringify(result)}`);
      }
      started = process.hrtime.bigint();
      await kernel.requestExecute({
        code: '',
        silent: true,
        store_history: false,
        user_expressions: { x: '1' }
      }).done;
      floor.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    await kernel.shutdown();

    const pipList = median(
      Array.from({ length: PROCESS_RUNS }, () =>
        timeProcess(python, ['-m', 'pip', 'list', '--format=json'])
      )
    );
    const importTf = median(
      Array.from({ length: PROCESS_RUNS }, () =>
        timeProcess(python, [
          '-c',
          'import tensorflow; print(tensorflow.__version__)'
        ])
      )
    );

    const probe = median(latencies);
    console.log(
      row(
        `probe round trip, median of ${PROBE_RUNS}`,
        probe,
        `in-kernel median ${median(inKernel).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`
      )
    );
    console.log(
      row(`probe on the main shell, median of ${PROBE_RUNS}`, median(mainShell))
    );
    console.log(
      row(`floor: empty silent request, median of ${PROBE_RUNS}`, median(floor))
    );
    console.log(
      row(`pip list --format=json, median of ${PROCESS_RUNS}`, pipList)
    );
    console.log(
      row(`import tensorflow; __version__, median of ${PROCESS_RUNS}`, importTf)
    );
    console.log('');
    const ratioOk = probe <= pipList / 20;
    const absoluteOk = probe <= 100;
    console.log(
      `target probe <= pip list / 20 (${(pipList / 20).toFixed(1)} ms): ${ratioOk ? 'met' : 'MISSED'}` +
        ` (probe is 1/${(pipList / probe).toFixed(0)} of pip list)`
    );
    console.log(
      `target probe median <= 100 ms: ${absoluteOk ? 'met' : 'MISSED'}`
    );
    console.log(
      `load average: ${require('os')
        .loadavg()
        .map((x: number) => x.toFixed(1))
        .join(' ')}`
    );
  } finally {
    console.debug = debug;
    await server.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
