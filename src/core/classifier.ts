/**
 * The traceback classifier: scores every error signature (knowledge/signatures.json) against a
 * bounded window of the error, refines the best by context and by the kernel's environment, and
 * answers `unknown` rather than a confident guess when nothing (or more than one cause) fits.
 */
import { evaluateAll } from './conditions';
import type { IFixRecipe } from './fixCell';
import { ISignature, ISignaturesFile } from './knowledge';
import { chooseRecipes } from './recipeChoice';
import { buildScan, IScan } from './scan';
import { IDiagnosis, IEnvReport, IErrorRecord, IFinding } from './types';

/** Below this score a candidate is not reported: the answer is `unknown`. */
export const MIN_CONFIDENCE = 0.4;
/** Two causes closer than this are ambiguous: confidence drops below the "sure" band. */
const AMBIGUITY_GAP = 0.05;
/** A pattern meant for the error line that only matches elsewhere counts this much less. */
const OFF_ERROR_LINE_PENALTY = { error: 0.15, any: 0.05 };
const EVIDENCE_CHARS = 300;

export interface ICompiledSignature {
  signature: ISignature;
  patterns: { re: RegExp; weight: number; scope: 'error' | 'any' }[];
  /** All patterns as one alternation: one scan rules a signature out (most do not match). */
  any: RegExp;
  require: RegExp[];
  exclude: RegExp[];
  refine: {
    text: RegExp[];
    notText: RegExp[];
    refinement: NonNullable<ISignature['refine']>[number];
  }[];
}

interface ICandidate {
  compiled: ICompiledSignature;
  score: number;
  evidence: string;
  category: string;
  refinement?: NonNullable<ISignature['refine']>[number];
}

/**
 * Pasted errors are often wrapped (terminal width, issue-tracker quoting), so a literal space in a
 * pattern also matches a line break: each unescaped space outside a character class and not
 * quantified becomes `\s+`.
 */
export function wrapTolerant(regex: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i];
    if (c === '\\') {
      out += c + (regex[i + 1] ?? '');
      i++;
    } else if (inClass) {
      inClass = c !== ']';
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === ' ' && !/[*+?{]/.test(regex[i + 1] ?? '')) {
      out += '\\s+';
    } else {
      out += c;
    }
  }
  return out;
}

function compile(regex: string): RegExp {
  return new RegExp(wrapTolerant(regex), 'im');
}

/** Compile a signatures file; throws with the signature id on an invalid regex. */
export function compileSignatures(file: ISignaturesFile): ICompiledSignature[] {
  return file.signatures.map(signature => {
    try {
      return {
        signature,
        patterns: signature.patterns.map(p => ({
          re: compile(p.regex),
          weight: p.weight,
          scope: p.scope
        })),
        any: compile(signature.patterns.map(p => `(?:${p.regex})`).join('|')),
        require: (signature.context?.require ?? []).map(compile),
        exclude: (signature.context?.exclude ?? []).map(compile),
        refine: (signature.refine ?? []).map(refinement => ({
          text: (refinement.when.text ?? []).map(compile),
          notText: (refinement.when.not_text ?? []).map(compile),
          refinement
        }))
      };
    } catch (err) {
      throw new Error(`signature ${signature.id}: ${(err as Error).message}`);
    }
  });
}

/** What the classifier needs of the knowledge base (a KnowledgeBase provides it). */
export interface IClassifierKnowledge {
  readonly signatures: ICompiledSignature[];
  readonly recipes: IFixRecipe[];
  evaluateRules(report: IEnvReport): IFinding[];
  ruleCategories(ruleId: string): string[];
}

/** The whole line of `text` around `index`, bounded, as plain text. */
function lineAt(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  let end = text.indexOf('\n', index);
  if (end < 0) {
    end = text.length;
  }
  let line = text.slice(start, end).trim();
  if (line.length > EVIDENCE_CHARS) {
    const offset = Math.max(
      0,
      Math.min(index - start - EVIDENCE_CHARS / 3, line.length - EVIDENCE_CHARS)
    );
    line =
      (offset > 0 ? '…' : '') +
      line.slice(offset, offset + EVIDENCE_CHARS) +
      '…';
  }
  return line;
}

function scoreSignature(
  compiled: ICompiledSignature,
  scan: IScan
): ICandidate | null {
  if (
    !compiled.any.test(scan.errorText) &&
    !compiled.any.test(scan.windowText)
  ) {
    return null;
  }
  if (
    compiled.require.some(
      re => !re.test(scan.windowText) && !re.test(scan.errorText)
    )
  ) {
    return null;
  }
  if (
    compiled.exclude.some(
      re => re.test(scan.windowText) || re.test(scan.errorText)
    )
  ) {
    return null;
  }
  let best: ICandidate | null = null;
  for (const pattern of compiled.patterns) {
    let score = 0;
    let evidence = '';
    const inError = pattern.re.exec(scan.errorText);
    if (inError) {
      score = pattern.weight;
      evidence = lineAt(scan.errorText, inError.index);
    } else {
      const inWindow = pattern.re.exec(scan.windowText);
      if (inWindow) {
        score = pattern.weight - OFF_ERROR_LINE_PENALTY[pattern.scope];
        evidence = lineAt(scan.windowText, inWindow.index);
      }
    }
    if (score > (best?.score ?? 0)) {
      best = {
        compiled,
        score,
        evidence,
        category: compiled.signature.category
      };
    }
  }
  return best;
}

function refineCandidate(
  candidate: ICandidate,
  scan: IScan,
  env?: IEnvReport
): ICandidate {
  const seen = (re: RegExp) =>
    re.test(scan.windowText) || re.test(scan.errorText);
  for (const { text, notText, refinement } of candidate.compiled.refine) {
    if (
      refinement.when.env &&
      (!env || !evaluateAll(refinement.when.env, env))
    ) {
      continue;
    }
    if ((text.length && !text.some(seen)) || notText.some(seen)) {
      continue;
    }
    return {
      ...candidate,
      category: refinement.category ?? candidate.category,
      score: refinement.confidence ?? candidate.score,
      refinement
    };
  }
  return candidate;
}

function unknownDiagnosis(
  evidence: string,
  findings: IDiagnosis['findings']
): IDiagnosis {
  return {
    category: 'unknown',
    confidence: 0.2,
    evidence,
    cause: null,
    title: 'Cause not recognised',
    explanation:
      'No known conversion failure matches this error clearly enough. The environment findings (if any) may still explain it.',
    sources: [],
    fixes: [],
    recipes: [],
    findings
  };
}

/**
 * Diagnose a failing cell's error. `env` (the kernel's report) refines the diagnosis and
 * supplies the environment findings that explain it; `source` (the failing cell's, when known)
 * is context for which recipes fit.
 */
export function diagnose(
  error: IErrorRecord,
  env: IEnvReport | undefined,
  knowledge: IClassifierKnowledge,
  source?: string
): IDiagnosis {
  const scan = buildScan(error);
  const candidates: ICandidate[] = [];
  for (const compiled of knowledge.signatures) {
    const candidate = scoreSignature(compiled, scan);
    if (candidate) {
      candidates.push(refineCandidate(candidate, scan, env));
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  const allFindings = env ? knowledge.evaluateRules(env) : [];
  const top = candidates[0];
  if (!top || top.score < MIN_CONFIDENCE) {
    const fallback = scan.errorText.split('\n').filter(l => l.trim())[0] ?? '';
    return unknownDiagnosis(lineAt(fallback, 0), allFindings);
  }
  const rival = candidates.find(c => c.category !== top.category);
  let confidence = top.score;
  if (rival && top.score - rival.score < AMBIGUITY_GAP) {
    confidence = Math.min(confidence, 0.6);
  }
  confidence = Math.max(0, Math.min(1, Math.round(confidence * 100) / 100));
  const signature = top.compiled.signature;
  const refinement = top.refinement;
  const fixes = refinement?.fixes ?? signature.fixes;
  return {
    category: top.category,
    confidence,
    evidence: top.evidence,
    cause: signature.cause,
    title: refinement?.title ?? signature.title,
    explanation: refinement?.explanation ?? signature.explanation,
    sources: signature.sources,
    fixes,
    recipes: chooseRecipes(
      { category: top.category, fixes },
      knowledge.recipes,
      {
        traceback: `${scan.windowText}\n${scan.errorText}`,
        source
      }
    ),
    findings: allFindings.filter(f =>
      knowledge.ruleCategories(f.rule).includes(top.category)
    ),
    signature: signature.id
  };
}
