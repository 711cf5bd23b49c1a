/**
 * The fix cell each annotation of one notebook offers: "Insert fix cell" puts the selected
 * recipe's cell right below the failing cell, "Run fix cell" runs it while it is unedited.
 * Which cells are ours, and may run, is FixCells' (and its registry's) decision alone.
 */
import type { ICellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { IDisposable } from '@lumino/disposable';

import { recipesFor, type IFixRecipe } from '../core/fixCell';
import type { IDiagnosis } from '../core/types';
import { FixCellLink, FixCells, type IFixCellOptions } from './fixCells';

/** What an offer reads of its annotation, and how it shows Run. */
export interface IFixCellAnnotation {
  readonly diagnosis: IDiagnosis;
  /** The recipe the annotation's picker shows (null: none fits). */
  readonly selectedRecipe: string | null;
  /** Shows "Run fix cell" (true) or "Insert fix cell" (false). */
  fixInserted: boolean;
}

export interface IFixCellOffersOptions extends IFixCellOptions {
  recipes: IFixRecipe[];
}

export class FixCellOffers implements IDisposable {
  constructor(panel: NotebookPanel, options: IFixCellOffersOptions) {
    this._recipes = options.recipes;
    this._fixCells = new FixCells(panel, options);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The shipped recipes that fit a diagnosis, in its order. */
  recipesFor(diagnosis: IDiagnosis): IFixRecipe[] {
    return recipesFor(diagnosis, this._recipes);
  }

  /**
   * Starts (or renews, after a re-diagnosis) the offer of a failing cell's annotation: our fix
   * cell right below, if this tab inserted one for a recipe of this diagnosis, shows Run.
   */
  offer(failing: ICellModel, annotation: IFixCellAnnotation): void {
    let link = this._links.get(failing);
    if (this._shownOn.get(failing) !== annotation) {
      // A new annotation of the cell: the old one's link must not show Run on it.
      this.withdraw(failing);
      link = new FixCellLink(this._fixCells, runnable => {
        annotation.fixInserted = runnable;
      });
      this._links.set(failing, link);
      this._shownOn.set(failing, annotation);
    }
    const recipeIds = this.recipesFor(annotation.diagnosis).map(r => r.id);
    const fix = this._fixCells.ourFixBelow(failing, recipeIds);
    if (fix) {
      link?.set(fix);
    }
  }

  /** Inserts the recipe's fix cell directly below the failing cell (see FixCells.insert). */
  insert(
    failing: ICellModel,
    annotation: IFixCellAnnotation,
    recipeId?: string
  ): boolean {
    const link = this._links.get(failing);
    const id = recipeId ?? annotation.selectedRecipe;
    const recipe = this._recipes.find(r => r.id === id);
    if (!link || !recipe) {
      return false;
    }
    const fix = this._fixCells.insert(
      failing,
      recipe,
      annotation.diagnosis.category
    );
    if (fix) {
      link.set(fix);
    }
    return fix !== null;
  }

  /** Runs our unedited fix cell; only ever called from the user's click or command. */
  async run(failing: ICellModel): Promise<boolean> {
    const fix = this._links.get(failing)?.cell;
    return fix ? this._fixCells.run(fix) : false;
  }

  /** The annotation is gone: its offer goes too. */
  withdraw(failing: ICellModel): void {
    this._links.get(failing)?.dispose();
    this._links.delete(failing);
    this._shownOn.delete(failing);
  }

  /** Cells were removed: an undone (removed) fix cell offers Insert again. */
  sweep(present: Set<ICellModel>): void {
    for (const link of this._links.values()) {
      if (link.cell && !present.has(link.cell)) {
        link.set(null);
      }
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    for (const link of this._links.values()) {
      link.dispose();
    }
    this._links.clear();
    this._shownOn.clear();
  }

  private _recipes: IFixRecipe[];
  private _fixCells: FixCells;
  private _links = new Map<ICellModel, FixCellLink>();
  private _shownOn = new Map<ICellModel, IFixCellAnnotation>();
  private _isDisposed = false;
}
