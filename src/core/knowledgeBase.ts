/**
 * The knowledge data, checked and ready to use: compiled error signatures, rules, the watched
 * packages and the fix recipes. Built once per process (the labextension from fetched assets,
 * Node and jest from the files, see shippedKnowledge.ts) and passed to whoever diagnoses.
 */
import { expandRule, expandSignature, readAliasGroups } from './aliasGroups';
import {
  compileSignatures,
  diagnose,
  IClassifierKnowledge,
  ICompiledSignature
} from './classifier';
import { IWatchEntry, readWatchList, watchList } from './envReport';
import { IFixRecipe, readRecipes } from './fixCell';
import {
  IKnowledgeData,
  IPackagesFile,
  IRulesFile,
  ISignaturesFile
} from './knowledge';
import { evaluateRules } from './rules';
import { IDiagnosis, IEnvReport, IErrorRecord, IFinding } from './types';

function listOf(document: unknown, key: string, file: string): unknown[] {
  const list = (document as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) {
    throw new Error(`${file}: "${key}" must be an array`);
  }
  return list;
}

export class KnowledgeBase implements IClassifierKnowledge {
  /** Throws a message naming the file and entry when a document is not usable. */
  constructor(data: IKnowledgeData) {
    listOf(data.rules, 'rules', 'rules.json');
    listOf(data.signatures, 'signatures', 'signatures.json');
    this.packages = readWatchList(data.packages);
    // "@tensorflow" in a condition stands for the group's members: expanded once, here.
    const groups = readAliasGroups(
      (data.packages as IPackagesFile).aliases,
      this.packages.map(entry => entry.distribution)
    );
    const rules = data.rules as IRulesFile;
    this.rules = {
      ...rules,
      rules: rules.rules.map(rule => expandRule(rule, groups))
    };
    const signatures = data.signatures as ISignaturesFile;
    this.signatures = compileSignatures({
      ...signatures,
      signatures: signatures.signatures.map(s => expandSignature(s, groups))
    });
    this.recipes = readRecipes(data.recipes);
    this._categoriesByRule = new Map(
      this.rules.rules.map(rule => [rule.id, rule.categories])
    );
  }

  /** rules.json, its alias groups ("@tensorflow") expanded to plain names. */
  readonly rules: IRulesFile;
  readonly signatures: ICompiledSignature[];
  /** The shipped watch-list (packages.json). */
  readonly packages: IWatchEntry[];
  readonly recipes: IFixRecipe[];

  /**
   * Classify a failing cell's error; `env` refines it and adds the findings that explain it,
   * `source` (the failing cell's, when known) tells which recipes fit.
   */
  diagnose(error: IErrorRecord, env?: IEnvReport, source?: string): IDiagnosis {
    return diagnose(error, env, this, source);
  }

  /** The findings of every rule that fires on `report`, worst first. */
  evaluateRules(report: IEnvReport): IFinding[] {
    return evaluateRules(report, this.rules);
  }

  /** Taxonomy categories a rule explains (empty for an unknown rule id). */
  ruleCategories(ruleId: string): string[] {
    return this._categoriesByRule.get(ruleId) ?? [];
  }

  /** The shipped watch-list plus the inspector's extra packages. */
  watchList(extraPackages: string[] = []): IWatchEntry[] {
    return watchList(this.packages, extraPackages);
  }

  private _categoriesByRule: Map<string, string[]>;
}
