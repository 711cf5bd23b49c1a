/** The token of the knowledge base (rules, signatures, packages, recipes), one per application. */
import { Token } from '@lumino/coreutils';

import type { KnowledgeBase } from '../core/knowledgeBase';

export const IKnowledgeBase = new Token<KnowledgeBase>(
  'jupyterlab-convert-doctor:IKnowledgeBase',
  'The compatibility rules, error signatures, watched packages and fix recipes.'
);
export type IKnowledgeBase = KnowledgeBase;
