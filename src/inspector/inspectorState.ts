import type { ProbeResult } from '../kernel/probeKernel';

/** What the inspector panel is showing, apart from the last report it keeps. */
export type InspectorState =
  /** No notebook is active (or the app has none, e.g. Notebook 7's file browser). */
  | { kind: 'no-notebook' }
  /** Auto-refresh is off and nothing has been read yet. */
  | { kind: 'manual' }
  /** A probe is in flight; `waiting` once it queued behind a running cell. */
  | { kind: 'probing'; waiting: boolean }
  /** The last probe's outcome. */
  | { kind: 'result'; result: ProbeResult };
