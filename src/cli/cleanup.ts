/**
 * What must be undone when the CLI stops early: kernels it started, its private server. Ctrl-C,
 * SIGTERM and SIGHUP run the registered cleanups (last registered first), then exit as the
 * signal would (130, 143, 129).
 */
type Cleanup = () => Promise<void>;

const cleanups: Cleanup[] = [];
let installed = false;

const SIGNAL_EXIT: { [signal: string]: number } = {
  SIGINT: 130,
  SIGTERM: 143,
  SIGHUP: 129
};

async function runAll(): Promise<void> {
  while (cleanups.length) {
    const cleanup = cleanups.pop()!;
    await cleanup().catch(() => undefined);
  }
}

function install(): void {
  if (installed) {
    return;
  }
  installed = true;
  for (const signal of Object.keys(SIGNAL_EXIT)) {
    process.once(signal as NodeJS.Signals, () => {
      process.stderr.write(`convert-doctor: ${signal}, stopping\n`);
      void runAll().finally(() => process.exit(SIGNAL_EXIT[signal]));
    });
  }
}

/** Registers `cleanup` for an early stop; call the returned function once it is done normally. */
export function onStop(cleanup: Cleanup): () => void {
  install();
  cleanups.push(cleanup);
  return () => {
    const index = cleanups.indexOf(cleanup);
    if (index >= 0) {
      cleanups.splice(index, 1);
    }
  };
}
