/**
 * The JSON contracts shared by the labextension, the CLI, the tests and the Python side
 * (see CONTRIBUTING.md "Contracts"). Plain data only: no DOM, no Node, no JupyterLab.
 */
import type { IRule, ISignature } from './_schema';

export const ENV_REPORT_SCHEMA_VERSION = 1;

/** One watched distribution as the kernel sees it. Either field may be null. */
export interface IPackageState {
  /** Version from the installed distribution's metadata (importlib.metadata). */
  installed: string | null;
  /**
   * `__version__` of the module if it is already imported in the kernel, and only for the
   * installed distribution its file came from (never for one that is not installed).
   */
  loaded: string | null;
  /** Other installed distributions that provide the same module (a conflict), if any. */
  also_provided_by?: string[];
}

export interface IPythonInfo {
  version: string;
  implementation: string;
  executable: string;
  platform: string;
  /** venv | conda | system | unknown */
  env_kind: string;
  prefix?: string;
}

export type HostKind = 'colab' | 'kaggle' | 'sagemaker' | 'local';

export interface ICudaInfo {
  /** NVIDIA driver version from /proc/driver/nvidia/version, when readable. */
  driver: string | null;
  /** CUDA_VERSION or similar environment hints. */
  env: { [name: string]: string };
  /** nvidia-* wheels installed in the environment: distribution -> version. */
  wheels: { [dist: string]: string };
  /** Versions derived from the wheels or library files (cuda runtime, cudnn). */
  cuda_runtime: string | null;
  cudnn: string | null;
  /** Library files seen (basename only), bounded. */
  libraries: string[];
}

/** What the probe reports about the kernel's environment. */
export interface IEnvReport {
  schema_version: number;
  python: IPythonInfo;
  host: HostKind;
  packages: { [distribution: string]: IPackageState };
  cuda: ICudaInfo;
  probe_ms: number;
  /** What the probe could not read. Never an exception. */
  errors: string[];
}

/** A rule's severity (rules.schema.json). */
export type Severity = IRule['severity'];

/** An environment rule that fired on an EnvReport. */
export interface IFinding {
  rule: string;
  severity: Severity;
  message: string;
  explanation: string;
  sources: string[];
  /** Recipe ids (or, until a recipe exists, pinned requirement sets). */
  fix: string[];
  /** The packages (and their versions) that made the rule fire. */
  packages: { [distribution: string]: string | null };
}

/** A failing cell's error, as the kernel sent it. */
export interface IErrorRecord {
  ename: string;
  evalue: string;
  /** Lines as the kernel sent them, ANSI escapes included. */
  traceback: string[];
  cell_id?: string;
  execution_count?: number | null;
}

/** What a signature blames (signatures.schema.json). */
export type CauseKind = ISignature['cause'];

export interface IDiagnosis {
  /** An id of knowledge/taxonomy.json ('unknown' included). */
  category: string;
  confidence: number;
  /** The line that decided it, plain text (ANSI stripped). */
  evidence: string;
  cause: CauseKind | null;
  title: string;
  explanation: string;
  sources: string[];
  /** Recipe ids (or pinned requirement sets) that fix the category. */
  fixes: string[];
  /**
   * The recipes to offer, best first: those that fix the category and whose context shows in
   * the traceback or the failing cell's source (empty: no one-click fix fits).
   */
  recipes: string[];
  /** Environment findings that explain it. */
  findings: IFinding[];
  /** The signature id that matched, for debugging and scoring. */
  signature?: string;
}
