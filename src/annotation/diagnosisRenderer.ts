/**
 * The mime renderer of the kernel extension's diagnosis output
 * (`application/vnd.convert-doctor.diagnosis+json`): the same DiagnosisWidget the notebook
 * annotator shows, with the same Insert / Run fix cell. The JSON comes from a kernel, so it is
 * read by readKernelDiagnosis (shape checked, text bounded, set as text only); a malformed object
 * gets one plain line. Fix cells are rendered from this extension's own recipes (the kernel only
 * names recipe ids, and only recipes that fix the category are offered), inserted and run by
 * FixCells: Run only ever runs a cell this tab inserted and nobody edited.
 */
import type { Cell, ICodeCellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { IRenderMime } from '@jupyterlab/rendermime';
import type { TranslationBundle } from '@jupyterlab/translation';
import { PanelLayout, Widget } from '@lumino/widgets';

import { diagnosisToMarkdown } from '../core/diagnosisMarkdown';
import { recipesFor, type IFixRecipe } from '../core/fixCell';
import type { IDiagnosis } from '../core/types';
import { DiagnosisWidget } from './diagnosisWidget';
import { errorFromOutputs } from './errorRecord';
import { FixCellLink, type FixCells } from './fixCells';
import { KERNEL_DIAGNOSIS_MIME, readKernelDiagnosis } from './kernelDiagnosis';

export const KERNEL_DIAGNOSIS_CLASS = 'jp-ConvertDoctor-kernelDiagnosis';
export const INVALID_CLASS = 'jp-ConvertDoctor-kernelDiagnosisInvalid';

/** Where an output is (a notebook's code cell), and what the buttons need from the app. */
export interface IKernelDiagnosisHost {
  recipes: IFixRecipe[];
  trans: TranslationBundle;
  /** The notebook panel and cell holding this node; null outside a notebook (console, output view). */
  locate(node: HTMLElement): { panel: NotebookPanel; cell: Cell } | null;
  fixCellsOf(panel: NotebookPanel): FixCells;
  copy(text: string): void;
  openInspector?: () => void;
}

export class KernelDiagnosisRenderer
  extends Widget
  implements IRenderMime.IRenderer
{
  constructor(host: IKernelDiagnosisHost) {
    super();
    this._host = host;
    this.layout = new PanelLayout();
    this.addClass(KERNEL_DIAGNOSIS_CLASS);
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this._reset();
    const read = readKernelDiagnosis(model.data[KERNEL_DIAGNOSIS_MIME]);
    if (!read.ok) {
      const line = document.createElement('div');
      line.className = INVALID_CLASS;
      line.textContent = this._host.trans.__(
        'Convert Doctor: the kernel’s diagnosis could not be shown (%1).',
        read.reason
      );
      this.node.append(line);
      return;
    }
    this._diagnosis = read.diagnosis;
    const widget = new DiagnosisWidget({
      diagnosis: read.diagnosis,
      recipes: this._offered(),
      trans: this._host.trans,
      actions: {
        insertFix: recipeId => this._insertFix(recipeId),
        runFix: () => void this._runFix(),
        copy: () => this._copy(),
        openInspector: this._host.openInspector
      }
    });
    widget.node.dataset.source = 'kernel';
    this._widget = widget;
    (this.layout as PanelLayout).addWidget(widget);
    if (this.isAttached) {
      this._connect();
    }
  }

  dispose(): void {
    if (!this.isDisposed) {
      this._link?.dispose();
      this._link = null;
    }
    super.dispose();
  }

  protected onAfterAttach(): void {
    this._connect();
  }

  /** Our recipes the kernel named that fix this category (a kernel cannot offer others). */
  private _offered(): IFixRecipe[] {
    const diagnosis = this._diagnosis;
    return diagnosis
      ? recipesFor(diagnosis, this._host.recipes).filter(recipe =>
          recipe.categories.includes(diagnosis.category)
        )
      : [];
  }

  /** Once in the DOM: find the cell, and a fix cell of ours below it (shows Run). */
  private _connect(): void {
    const widget = this._widget;
    const diagnosis = this._diagnosis;
    if (!widget || !diagnosis || this._link) {
      return;
    }
    const place = this._host.locate(this.node);
    if (!place) {
      // No notebook cell to insert below: no fix buttons (the kernel's magic still works).
      widget.render(diagnosis, []);
      this._stripped = true;
      return;
    }
    if (this._stripped) {
      widget.render(diagnosis, this._offered());
      this._stripped = false;
    }
    const fixCells = this._host.fixCellsOf(place.panel);
    this._link = new FixCellLink(fixCells, runnable => {
      widget.fixInserted = runnable;
    });
    this._link.set(
      fixCells.ourFixBelow(
        place.cell.model,
        this._offered().map(recipe => recipe.id)
      )
    );
  }

  private _insertFix(recipeId: string): void {
    const recipe = this._offered().find(r => r.id === recipeId);
    const place = this._host.locate(this.node);
    if (!recipe || !place || !this._diagnosis) {
      return;
    }
    const fixCells = this._host.fixCellsOf(place.panel);
    const fix = fixCells.insert(
      place.cell.model,
      recipe,
      this._diagnosis.category
    );
    if (fix) {
      if (!this._link) {
        this._connect();
      }
      this._link?.set(fix);
    }
  }

  private async _runFix(): Promise<void> {
    const fix = this._link?.cell;
    const place = this._host.locate(this.node);
    if (fix && place) {
      await this._host.fixCellsOf(place.panel).run(fix);
    }
  }

  private _copy(): void {
    if (!this._diagnosis) {
      return;
    }
    const place = this._host.locate(this.node);
    const error = place
      ? errorFromOutputs((place.cell.model as ICodeCellModel).outputs)
      : null;
    this._host.copy(
      diagnosisToMarkdown(this._diagnosis, { error: error ?? undefined })
    );
  }

  private _reset(): void {
    this._link?.dispose();
    this._link = null;
    this._widget?.dispose();
    this._widget = null;
    this._diagnosis = null;
    this._stripped = false;
    this.node.querySelector(`.${INVALID_CLASS}`)?.remove();
  }

  private _host: IKernelDiagnosisHost;
  private _diagnosis: IDiagnosis | null = null;
  private _widget: DiagnosisWidget | null = null;
  private _link: FixCellLink | null = null;
  /** Rendered without fix buttons: it was found outside a notebook cell. */
  private _stripped = false;
}

/** The rendermime factory; ranked before text/html so JupyterLab shows this, not the kernel's HTML. */
export function kernelDiagnosisRendererFactory(
  host: IKernelDiagnosisHost
): IRenderMime.IRendererFactory {
  return {
    // Safe: it renders untrusted data usefully (text only, our own recipes).
    safe: true,
    mimeTypes: [KERNEL_DIAGNOSIS_MIME],
    defaultRank: 10,
    createRenderer: () => new KernelDiagnosisRenderer(host)
  };
}
