/**
 * The annotation's own main-thread time, as User Timing measures in the page's performance
 * timeline, so that benchmarks and profilers can tell our share from JupyterLab's.
 */

/** Diagnosing, rendering, publishing and attaching one cell's annotation. */
export const ANNOTATE_MEASURE = 'convert-doctor:annotate';

/** Publishing one cell's diagnosis to the inspector's failed-cells list (inside the above). */
export const PUBLISH_MEASURE = 'convert-doctor:publish';

/** Runs `work` and records its duration under `name` (where the browser has User Timing). */
export function measured<T>(name: string, work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    if (typeof performance.measure === 'function') {
      performance.measure(name, { start });
    }
  }
}
