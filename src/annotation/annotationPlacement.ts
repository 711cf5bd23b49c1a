/**
 * Puts an annotation widget into its cell's layout, right under the outputs, once the cell is
 * near the viewport: a notebook opened with hundreds of saved errors builds no DOM for the
 * annotations far off screen (and windowed notebooks build a cell's DOM only when it shows).
 */
import type { ICellModel } from '@jupyterlab/cells';
import type { Notebook } from '@jupyterlab/notebook';
import type { IDisposable } from '@lumino/disposable';
import type { PanelLayout, Widget } from '@lumino/widgets';

import { NearViewport } from './nearViewport';
import { ANNOTATE_MEASURE, measured } from './timing';

export class AnnotationPlacement implements IDisposable {
  constructor(notebook: Pick<Notebook, 'widgets'>) {
    this._notebook = notebook;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Places `widget` in the cell of `model` when that cell comes near the viewport, unless
   * `current()` says by then that the annotation is gone or replaced.
   */
  async place(
    model: ICellModel,
    widget: Widget,
    current: () => boolean
  ): Promise<void> {
    const cell = this._notebook.widgets.find(w => w.model === model);
    if (!cell) {
      return;
    }
    await cell.ready;
    const stillWanted = () =>
      !this._isDisposed && !cell.isDisposed && !widget.isDisposed && current();
    if (!stillWanted()) {
      return;
    }
    this._waiting.set(model, cell.node);
    this._nearViewport.whenNear(cell.node, () => {
      this._waiting.delete(model);
      if (!stillWanted()) {
        return;
      }
      const layout = cell.layout as PanelLayout;
      // Before the (empty) footer: right under the outputs.
      measured(ANNOTATE_MEASURE, () =>
        layout.insertWidget(Math.max(layout.widgets.length - 1, 0), widget)
      );
    });
  }

  /** The annotation of `model` is gone: stop waiting for its cell. */
  cancel(model: ICellModel): void {
    const node = this._waiting.get(model);
    if (node) {
      this._waiting.delete(model);
      this._nearViewport.cancel(node);
    }
  }

  /** Idempotent, as NearViewport's dispose is. */
  dispose(): void {
    this._isDisposed = true;
    this._waiting.clear();
    this._nearViewport.dispose();
  }

  private _notebook: Pick<Notebook, 'widgets'>;
  private _nearViewport = new NearViewport();
  /** The cell node each annotation waits for, until it is in the cell. */
  private _waiting = new Map<ICellModel, Element>();
  private _isDisposed = false;
}
