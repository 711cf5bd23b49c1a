/**
 * Which recipes a diagnosis offers: those that fix its category AND whose context (a recipe's
 * `fits` in knowledge/recipes.json) shows in the failing cell's source or the traceback. A
 * one-click fix that does not fit the user's model (a Darknet converter for an `np.float` in
 * any code) is worse than none, so a recipe whose context is absent is never offered.
 */
import type { IFitClause, IRecipeFitsData } from './_schema';
import type { IFixRecipe } from './fixCell';

/** Characters of the failing cell's source read (the same bound as the fix cell's paths). */
export const MAX_SOURCE_CHARS = 100 * 1024;

export type { IFitClause } from './_schema';

/**
 * A recipe's `fits` as read (recipes.schema.json): the recipe fits when any clause of `any`
 * holds and no clause of `unless` (contexts it is known not to fix; empty when absent).
 * A clause holds when everything it lists holds: `category`, the diagnosis' category is one
 * of these; `source`, `traceback`, `either`, each regex matches that text (case-insensitive).
 */
export type IRecipeFits = Required<Pick<IRecipeFitsData, 'any' | 'unless'>>;

/** What is known of the failing cell: the traceback's text, and its source when there is one. */
export interface IFitContext {
  category: string;
  traceback: string;
  source?: string;
}

const compiled = new Map<string, RegExp>();

function regex(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    re = new RegExp(source, 'i');
    compiled.set(source, re);
  }
  return re;
}

function clauseHolds(clause: IFitClause, context: IFitContext): boolean {
  const source = (context.source ?? '').slice(0, MAX_SOURCE_CHARS);
  const all = (list: string[] | undefined, texts: string[]) =>
    (list ?? []).every(r => texts.some(text => regex(r).test(text)));
  return (
    (clause.category ?? [context.category]).includes(context.category) &&
    all(clause.source, [source]) &&
    all(clause.traceback, [context.traceback]) &&
    all(clause.either, [source, context.traceback])
  );
}

/** Whether the recipe's context shows; a recipe declaring no clause never fits. */
export function recipeFits(recipe: IFixRecipe, context: IFitContext): boolean {
  return (
    recipe.fits.any.some(clause => clauseHolds(clause, context)) &&
    !recipe.fits.unless.some(clause => clauseHolds(clause, context))
  );
}

/**
 * The ids of the recipes to offer, best first: those the diagnosis' `fixes` name, then those
 * whose `categories` list its category, keeping only those that fit the context.
 */
export function chooseRecipes(
  diagnosis: { category: string; fixes: string[] },
  recipes: IFixRecipe[],
  context: Omit<IFitContext, 'category'>
): string[] {
  if (diagnosis.category === 'unknown') {
    return [];
  }
  const named = diagnosis.fixes
    .map(id => recipes.find(recipe => recipe.id === id))
    .filter((recipe): recipe is IFixRecipe => recipe !== undefined);
  const byCategory = recipes.filter(
    recipe =>
      recipe.categories.includes(diagnosis.category) && !named.includes(recipe)
  );
  const fitContext = { ...context, category: diagnosis.category };
  return [...named, ...byCategory]
    .filter(recipe => recipeFits(recipe, fitContext))
    .map(recipe => recipe.id);
}

/** Checks a recipe entry's `fits` (throws a message naming what is wrong). */
export function readFits(value: unknown): IRecipeFits {
  const fits = value as { any?: unknown; unless?: unknown } | null;
  if (!Array.isArray(fits?.any)) {
    throw new Error('fits.any must be an array');
  }
  const clauses = (list: unknown, name: string): IFitClause[] => {
    if (list === undefined) {
      return [];
    }
    if (!Array.isArray(list)) {
      throw new Error(`fits.${name} must be an array`);
    }
    return list.map((clause: any, i: number) => {
      const read: IFitClause = {};
      for (const key of [
        'category',
        'source',
        'traceback',
        'either'
      ] as const) {
        const items = clause?.[key];
        if (items === undefined) {
          continue;
        }
        if (!Array.isArray(items) || !items.every(r => typeof r === 'string')) {
          throw new Error(
            `fits.${name}[${i}].${key} must be a list of strings`
          );
        }
        if (key !== 'category') {
          items.forEach(regex);
        }
        read[key] = items;
      }
      return read;
    });
  };
  return {
    any: clauses(fits.any, 'any'),
    unless: clauses(fits.unless, 'unless')
  };
}
