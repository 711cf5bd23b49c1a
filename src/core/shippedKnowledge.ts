/**
 * The knowledge base built from the files shipped in the Python package, for Node (the CLI,
 * benchmarks) and jest. Never imported by the labextension, which fetches the same files as
 * static assets instead of carrying them in its JavaScript (see src/knowledge/).
 */
import packages from '../../jupyterlab_convert_doctor/knowledge/packages.json';
import recipes from '../../jupyterlab_convert_doctor/knowledge/recipes.json';
import rules from '../../jupyterlab_convert_doctor/knowledge/rules.json';
import signatures from '../../jupyterlab_convert_doctor/knowledge/signatures.json';
import { KnowledgeBase } from './knowledgeBase';

export const SHIPPED_KNOWLEDGE = new KnowledgeBase({
  packages,
  recipes,
  rules,
  signatures
});
