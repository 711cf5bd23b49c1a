/**
 * The fix cells of the annotations: inserting one below a failing cell, knowing which cells are
 * ours, and running one on the user's click. A notebook's metadata and tags are never trusted
 * for that: anyone can write them, and a forged notebook can ship a collapsed cell tagged as our
 * fix that runs anything. Only a cell this browser tab inserted (or one whose source is exactly
 * the fix it would insert) whose source is still exactly that may be run by "Run fix cell".
 */
import type { ISessionContextDialogs } from '@jupyterlab/apputils';
import type { ICellModel } from '@jupyterlab/cells';
import { NotebookActions, type NotebookPanel } from '@jupyterlab/notebook';
import type { ITranslator } from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';

import {
  FIX_CELL_METADATA_KEY,
  guessParameters,
  renderFixCell,
  type IFixRecipe
} from '../core/fixCell';

/** Characters of the failing cell's source read to find paths for the fix cell. */
const MAX_SOURCE_SCAN = 100 * 1024;

/** What the registry knows of one fix cell it inserted. */
export interface IInsertedFix {
  recipe: string;
  /** The source exactly as inserted. */
  source: string;
}

/**
 * The fix cells inserted in this browser tab, in memory only, keyed by the cell model object
 * (a file can choose its cell ids, never our objects): a reopened notebook has new models, so
 * nothing it brings is ours.
 */
export class FixCellRegistry<C extends object = ICellModel> {
  remember(cell: C, recipe: string, source: string): void {
    this._inserted.set(cell, { recipe, source });
  }

  /** What we inserted in this cell; null for a cell we did not insert. */
  insertedIn(cell: C): IInsertedFix | null {
    return this._inserted.get(cell) ?? null;
  }

  /** Whether Run may run this cell: we inserted it and `source` is still exactly that. */
  isRunnable(cell: C, source: string): boolean {
    return this._inserted.get(cell)?.source === source;
  }

  private _inserted = new WeakMap<C, IInsertedFix>();
}

/** One registry per browser tab, shared by every notebook view of it. */
export const ourFixCells = new FixCellRegistry<ICellModel>();

export interface IFixCellOptions {
  translator: ITranslator;
  sessionDialogs: ISessionContextDialogs | null;
  registry?: FixCellRegistry<ICellModel>;
}

/** Inserts, finds and runs the fix cells of one notebook panel. */
export class FixCells {
  constructor(panel: NotebookPanel, options: IFixCellOptions) {
    this._panel = panel;
    this._options = options;
    this._registry = options.registry ?? ourFixCells;
  }

  /**
   * Inserts the recipe's fix cell directly below the failing cell, as one undoable step, and
   * returns it. A cell right below that already holds exactly this fix is reused; any other
   * (edited, or tagged by someone else) is left alone and a new cell goes above it.
   */
  insert(
    failing: ICellModel,
    recipe: IFixRecipe,
    category: string
  ): ICellModel | null {
    const notebookModel = this._panel.content.model;
    const cells = notebookModel?.cells;
    const index = cells ? indexOf(cells, failing) : -1;
    if (!notebookModel || !cells || index < 0) {
      return null;
    }
    const scanned = failing.sharedModel.getSource().slice(0, MAX_SOURCE_SCAN);
    const fix = renderFixCell(recipe, guessParameters(recipe, scanned), {
      category
    });
    const below = index + 1 < cells.length ? cells.get(index + 1) : null;
    let cell: ICellModel;
    if (
      below &&
      below.type === 'code' &&
      fixRecipeOf(below) === recipe.id &&
      below.sharedModel.getSource() === fix.source
    ) {
      // The very source we would insert: running it is running ours.
      cell = below;
    } else {
      notebookModel.sharedModel.insertCell(index + 1, {
        cell_type: 'code',
        source: fix.source,
        metadata: fix.metadata as any
      });
      cell = cells.get(index + 1);
    }
    this._registry.remember(cell, recipe.id, cell.sharedModel.getSource());
    this._panel.content.activeCellIndex = index + 1;
    return cell;
  }

  /** The cell right below `failing` if we inserted it there for one of `recipeIds`. */
  ourFixBelow(failing: ICellModel, recipeIds: string[]): ICellModel | null {
    const cells = this._panel.content.model?.cells;
    const index = cells ? indexOf(cells, failing) : -1;
    if (!cells || index < 0 || index + 1 >= cells.length) {
      return null;
    }
    const below = cells.get(index + 1);
    const inserted = this._registry.insertedIn(below);
    return inserted && recipeIds.includes(inserted.recipe) ? below : null;
  }

  /** Whether Run may run this cell now (ours, and not edited since). */
  isRunnable(cell: ICellModel): boolean {
    return (
      !cell.isDisposed &&
      this._registry.isRunnable(cell, cell.sharedModel.getSource())
    );
  }

  /**
   * Runs our fix cell; only ever called from the user's click or command. Refuses a cell that
   * is not ours or was edited, and shows a collapsed input first: the user sees what runs.
   */
  async run(cell: ICellModel): Promise<boolean> {
    const notebook = this._panel.content;
    const widget = notebook.widgets.find(w => w.model === cell);
    if (!widget || !this.isRunnable(cell)) {
      return false;
    }
    const jupyter = cell.getMetadata('jupyter') as
      { source_hidden?: unknown } | undefined;
    if (widget.inputHidden || jupyter?.source_hidden) {
      // The notebook syncs this to `jupyter.source_hidden`.
      widget.inputHidden = false;
    }
    notebook.activeCellIndex = notebook.widgets.indexOf(widget);
    return NotebookActions.runCells(
      notebook,
      [widget],
      this._panel.sessionContext,
      this._options.sessionDialogs ?? undefined,
      this._options.translator
    );
  }

  private _panel: NotebookPanel;
  private _options: IFixCellOptions;
  private _registry: FixCellRegistry<ICellModel>;
}

/**
 * One annotation's fix cell: "Run fix cell" shows while that cell is runnable, and hides as soon
 * as the user edits it (Insert then adds a fresh one; undoing the edit shows Run again).
 */
export class FixCellLink implements IDisposable {
  constructor(fixCells: FixCells, show: (runnable: boolean) => void) {
    this._fixCells = fixCells;
    this._show = show;
  }

  get cell(): ICellModel | null {
    return this._cell;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  set(cell: ICellModel | null): void {
    if (this._isDisposed) {
      return;
    }
    this._unwatch();
    this._cell = cell;
    cell?.contentChanged.connect(this._update, this);
    this._update();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._unwatch();
    this._isDisposed = true;
  }

  private _update(): void {
    this._show(this._cell !== null && this._fixCells.isRunnable(this._cell));
  }

  private _unwatch(): void {
    if (this._cell && !this._cell.isDisposed) {
      this._cell.contentChanged.disconnect(this._update, this);
    }
    this._cell = null;
  }

  private _fixCells: FixCells;
  private _show: (runnable: boolean) => void;
  private _cell: ICellModel | null = null;
  private _isDisposed = false;
}

/** The recipe id a cell's metadata claims (anyone can write it: never a reason to run it). */
export function fixRecipeOf(model: ICellModel): string | null {
  const tag = model.getMetadata(FIX_CELL_METADATA_KEY) as
    { recipe?: unknown } | undefined;
  return typeof tag?.recipe === 'string' ? tag.recipe : null;
}

function indexOf(
  cells: { length: number; get(index: number): ICellModel },
  model: ICellModel
): number {
  for (let index = 0; index < cells.length; index++) {
    if (cells.get(index) === model) {
      return index;
    }
  }
  return -1;
}
