/**
 * The shapes of the knowledge data (jupyterlab_convert_doctor/knowledge/*.json, the single
 * source, schema-checked in CI). Types only: the core never imports the data itself, so the
 * labextension can fetch it as static assets (see src/knowledge/) while Node and jest read
 * the files directly (shippedKnowledge.ts); both hand it to a KnowledgeBase.
 *
 * The document types are generated from the JSON Schemas (src/core/_schema.ts, `jlpm
 * build:schema`), so each shape is stated once, by the schema.
 */
export type {
  Condition,
  IPackageEntry,
  IPackagesFile,
  IRule,
  IRulesFile,
  ISignature,
  ISignaturePattern,
  ISignatureRefinement,
  ISignaturesFile,
  ITaxonomyCategory,
  ITaxonomyFile
} from './_schema';

/** Distribution names: the first one present in the report is used (aliases such as tensorflow-cpu; "@group" names are expanded by the KnowledgeBase, see aliasGroups.ts). */
export type DistributionNames = string[];

/** The four knowledge documents as read from disk or fetched; checked by KnowledgeBase. */
export interface IKnowledgeData {
  rules: unknown;
  signatures: unknown;
  packages: unknown;
  recipes: unknown;
}
