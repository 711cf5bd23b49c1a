/**
 * The services this extension provides, as tokens typed by interfaces (as JupyterLab core and
 * jupyterlab-git do): another extension can require them, or provide its own implementation,
 * without depending on this package's classes. Exported from the package entry.
 */
import type { Kernel } from '@jupyterlab/services';
import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';

import type { ICompiledSignature } from './core/classifier';
import type { IWatchEntry } from './core/envReport';
import type { IFixRecipe } from './core/fixCell';
import type { IRulesFile } from './core/knowledge';
import type {
  IDiagnosis,
  IEnvReport,
  IErrorRecord,
  IFinding
} from './core/types';
import type { ProbeResult } from './kernel/probeKernel';

/**
 * The knowledge data, checked and ready to use: rules, compiled error signatures, the watched
 * packages and the fix recipes (a core KnowledgeBase, fetched once at start-up).
 */
export interface IKnowledgeBase {
  readonly rules: IRulesFile;
  readonly signatures: ICompiledSignature[];
  /** The shipped watch-list (packages.json). */
  readonly packages: IWatchEntry[];
  readonly recipes: IFixRecipe[];
  /** Classify a failing cell's error; `env` and `source` (the cell's) refine it. */
  diagnose(error: IErrorRecord, env?: IEnvReport, source?: string): IDiagnosis;
  /** The findings of every rule that fires on `report`, worst first. */
  evaluateRules(report: IEnvReport): IFinding[];
  /** Taxonomy categories a rule explains (empty for an unknown rule id). */
  ruleCategories(ruleId: string): string[];
  /** The shipped watch-list plus extra packages (`name` or `name:module[,module…]`). */
  watchList(extraPackages?: string[]): IWatchEntry[];
}

export const IKnowledgeBase = new Token<IKnowledgeBase>(
  'jupyterlab-convert-doctor:IKnowledgeBase',
  'The compatibility rules, error signatures, watched packages and fix recipes.'
);

/** How the report store probes; set by whoever owns the settings. */
export interface IEnvReportStoreOptions {
  /** The shipped watch-list (the knowledge base's packages). */
  watch: IWatchEntry[];
  /** Upper bound for one probe, ms. */
  timeoutMs: number;
  /** Distributions watched beyond the shipped list. */
  extraPackages: string[];
}

/** What `changed` tells: this kernel's latest report is now `report` (null: forgotten). */
export interface IEnvReportChange {
  kernel: Kernel.IKernelConnection;
  report: IEnvReport | null;
}

/** The latest kernel environment report per kernel connection, one store per application. */
export interface IEnvReportStore {
  /** A report of this kernel changed (read, or forgotten). */
  readonly changed: ISignal<IEnvReportStore, IEnvReportChange>;
  readonly options: Readonly<IEnvReportStoreOptions>;
  /** New probe options; a changed watch-list makes every held report stale. */
  configure(options: Partial<IEnvReportStoreOptions>): void;
  /** The report held for this kernel, without asking it. */
  latest(
    kernel: Kernel.IKernelConnection | null | undefined
  ): IEnvReport | null;
  /** Reads the kernel now (or joins the read in flight) and holds the report it gives. */
  probe(
    kernel: Kernel.IKernelConnection | null | undefined,
    options?: { onWaiting?: () => void }
  ): Promise<ProbeResult>;
  /** The held report, or the one a read gives now; null when the read fails. */
  ensure(
    kernel: Kernel.IKernelConnection | null | undefined
  ): Promise<IEnvReport | null>;
  /** Forgets this kernel's report; a read in flight will not be held. */
  invalidate(kernel: Kernel.IKernelConnection | null | undefined): void;
  /** Frees what probing left in every followed kernel. Never throws. */
  release(): Promise<void>;
}

export const IEnvReportStore = new Token<IEnvReportStore>(
  'jupyterlab-convert-doctor:IEnvReportStore',
  'The latest kernel environment report per kernel, shared by the inspector and the failing-cell diagnosis.'
);

/** One diagnosed failed cell. */
export interface IDiagnosedCell {
  /** The cell model's id. */
  cellId: string;
  diagnosis: IDiagnosis;
}

/** The failed cells the annotation diagnosed, per notebook (a notebook panel id). */
export interface IDiagnosedCells {
  /** The diagnoses of this notebook changed. */
  readonly changed: ISignal<IDiagnosedCells, string>;
  /** This notebook's diagnosed cells, in the order they were diagnosed. */
  of(notebookId: string): IDiagnosedCell[];
  /** Publishes (or replaces) the diagnosis of one cell. */
  set(notebookId: string, cellId: string, diagnosis: IDiagnosis): void;
  /** The cell's diagnosis is gone (re-run, outputs cleared, dismissed, cell deleted). */
  delete(notebookId: string, cellId: string): void;
  /** The notebook closed: forget all of its cells. */
  clear(notebookId: string): void;
}

export const IDiagnosedCells = new Token<IDiagnosedCells>(
  'jupyterlab-convert-doctor:IDiagnosedCells',
  'The failed cells the annotation diagnosed, per notebook.'
);
