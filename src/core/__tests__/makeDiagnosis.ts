/**
 * The one builder of diagnoses for tests: what the classifier says when nothing matched (no
 * category, cause, title, fix or finding), with `overrides` on top.
 */
import type { IDiagnosis } from '../types';

export function makeDiagnosis(overrides: Partial<IDiagnosis> = {}): IDiagnosis {
  return {
    category: 'unknown',
    confidence: 0,
    evidence: '',
    cause: null,
    title: '',
    explanation: '',
    sources: [],
    fixes: [],
    recipes: [],
    findings: [],
    ...overrides
  };
}
