/**
 * The knowledge base built from the files shipped in the Python package, for Node (the CLI,
 * benchmarks) and jest. Never imported by the labextension, which fetches the same files as
 * static assets instead of carrying them in its JavaScript (see src/knowledge/).
 */
import packages from '../../jupyterlab_convert_doctor/knowledge/packages.json';
import recipes from '../../jupyterlab_convert_doctor/knowledge/recipes.json';
import rules from '../../jupyterlab_convert_doctor/knowledge/rules.json';
import runtimes from '../../jupyterlab_convert_doctor/knowledge/runtimes.json';
import signatures from '../../jupyterlab_convert_doctor/knowledge/signatures.json';
import { KnowledgeBase } from './knowledgeBase';
import { readRuntimeTable } from './runtimes';

export const SHIPPED_KNOWLEDGE = new KnowledgeBase({
  packages,
  recipes,
  rules,
  signatures
});

/** The ONNX runtime table (runtimes.json); Node only, the labextension does not need it. */
export const SHIPPED_RUNTIMES = readRuntimeTable(runtimes);
