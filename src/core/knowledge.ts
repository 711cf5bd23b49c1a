/**
 * The shapes of the knowledge data (jupyterlab_convert_doctor/knowledge/*.json, the single
 * source, schema-checked in CI). Types only: the core never imports the data itself, so the
 * labextension can fetch it as static assets (see src/knowledge/) while Node and jest read
 * the files directly (shippedKnowledge.ts); both hand it to a KnowledgeBase.
 */
import { CauseKind, HostKind, Severity } from './types';

/** Distribution names: the first one present in the report is used (aliases such as tensorflow-cpu). */
export type DistributionNames = string[];

/** The declarative condition vocabulary shared by rules and signature refinements. */
export type Condition =
  /** A package present whose version (loaded, else installed) / installed / loaded matches. */
  | {
      package: DistributionNames;
      version?: string;
      installed?: string;
      loaded?: string;
    }
  | { present: DistributionNames }
  | { absent: DistributionNames }
  /** The kernel's Python version matches a PEP 440 specifier. */
  | { python: string }
  | { host: HostKind[] }
  /** Some package's imported __version__ differs from its installed metadata. */
  | { loaded_differs: true }
  /** Both present and their first `segments` release numbers differ (tf-keras 2.17 vs TF 2.19). */
  | {
      versions_differ: {
        a: DistributionNames;
        b: DistributionNames;
        segments: number;
      };
    }
  /** A field of the report's cuda section: present (optionally matching a specifier) or absent. */
  | {
      cuda: {
        field: 'driver' | 'cuda_runtime' | 'cudnn';
        version?: string;
        absent?: boolean;
      };
    }
  | { any: Condition[] }
  | { not: Condition };

export interface IRule {
  id: string;
  severity: Severity;
  /** One line; `{name}` is replaced by the version of distribution `name` that made it fire. */
  message: string;
  explanation: string;
  /** All must hold. */
  when: Condition[];
  /** Taxonomy categories this rule explains (links findings to diagnoses). */
  categories: string[];
  sources: string[];
  fix: string[];
}

export interface IRulesFile {
  schema_version: number;
  description: string;
  rules: IRule[];
}

export interface ISignaturePattern {
  regex: string;
  /** Confidence when it matches an error line. */
  weight: number;
  /** 'error': meant for the error line (weaker elsewhere); 'any': anywhere in the scanned window. */
  scope: 'error' | 'any';
}

export interface ISignatureRefinement {
  /** All given parts must hold: a `text` regex matches, no `not_text` regex matches, the `env` conditions hold. */
  when: { text?: string[]; not_text?: string[]; env?: Condition[] };
  category?: string;
  confidence?: number;
  title?: string;
  explanation?: string;
  fixes?: string[];
}

export interface ISignature {
  id: string;
  category: string;
  cause: CauseKind;
  title: string;
  explanation: string;
  patterns: ISignaturePattern[];
  /** Regexes over the scanned window: all `require` entries must match one line, no `exclude` may. */
  context?: { require?: string[]; exclude?: string[] };
  refine?: ISignatureRefinement[];
  sources: string[];
  fixes: string[];
}

export interface ISignaturesFile {
  schema_version: number;
  description: string;
  signatures: ISignature[];
}

export interface IPackagesFile {
  schema_version: number;
  description: string;
  packages: { distribution: string; modules: string[]; group?: string }[];
}

/** The four knowledge documents as read from disk or fetched; checked by KnowledgeBase. */
export interface IKnowledgeData {
  rules: unknown;
  signatures: unknown;
  packages: unknown;
  recipes: unknown;
}
