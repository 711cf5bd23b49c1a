/**
 * The inspector panel's content: a status line and the last report (plus findings when a rules
 * evaluator is given). Owns no kernel logic; the controller pushes states into it.
 */
import {
  nullTranslator,
  type TranslationBundle
} from '@jupyterlab/translation';
import type { Message } from '@lumino/messaging';
import { type ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import type { IEnvReport, IFinding } from '../core/types';
import { el } from '../dom';
import type { InspectorState } from './inspectorState';
import { renderFailedCells, type IFailedCellItem } from './renderFailedCells';
import { renderFindings } from './renderFindings';
import { renderReport } from './renderReport';
import { stateMessage } from './stateMessage';

export type FindingsEvaluator = (report: IEnvReport) => IFinding[];

export class InspectorView extends Widget {
  constructor(options: InspectorView.IOptions = {}) {
    super();
    this.addClass('jp-ConvertDoctor-inspector');
    this._trans = (options.translator ?? nullTranslator).load(
      'jupyterlab_convert_doctor'
    );
    this._evaluateFindings = options.evaluateFindings ?? null;
    this._status = el('div', { className: 'jp-ConvertDoctor-status' });
    this._status.setAttribute('role', 'status');
    this._status.setAttribute('aria-live', 'polite');
    this._body = el('div', { className: 'jp-ConvertDoctor-body' });
    this.node.append(this._status, this._body);
    this.render();
  }

  /** Emits after every state or report change (e.g. to refresh command enablement). */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Emits true after the panel is shown, false before it is hidden. */
  get visibilityChanged(): ISignal<this, boolean> {
    return this._visibilityChanged;
  }

  get state(): InspectorState {
    return this._state;
  }

  /** The last report read for the current kernel, or null. */
  get report(): IEnvReport | null {
    return this._report;
  }

  /** Findings of the last report (empty without an evaluator). */
  get findings(): IFinding[] {
    return this._findings;
  }

  setState(state: InspectorState): void {
    this._state = state;
    if (state.kind === 'result') {
      const result = state.result;
      if (result.kind === 'ok') {
        this._setReport(result.report);
      } else if (result.kind !== 'timeout') {
        // A timeout keeps the previous report (marked stale); other outcomes void it.
        this._setReport(null);
      }
    } else if (state.kind === 'no-notebook' || state.kind === 'manual') {
      this._setReport(null);
    }
    this.render();
  }

  /** The diagnosed failed cells of the current notebook, shown with a way to go to each. */
  get failedCells(): IFailedCellItem[] {
    return this._failedCells;
  }

  setFailedCells(
    cells: IFailedCellItem[],
    goToCell: (cellId: string) => void
  ): void {
    this._failedCells = cells;
    this._goToCell = goToCell;
    this.render();
  }

  /** Forgets the report (e.g. the notebook or kernel changed) without changing the state. */
  clearReport(): void {
    this._setReport(null);
    this.render();
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._visibilityChanged.emit(true);
  }

  protected onBeforeHide(msg: Message): void {
    super.onBeforeHide(msg);
    this._visibilityChanged.emit(false);
  }

  private _setReport(report: IEnvReport | null): void {
    this._report = report;
    this._findings = [];
    if (report && this._evaluateFindings) {
      try {
        this._findings = this._evaluateFindings(report);
      } catch (error) {
        // A broken rule must not take the inspector down with it.
        console.error('jupyterlab-convert-doctor: rules failed', error);
        this._findings = [];
      }
    }
  }

  protected render(): void {
    const message = stateMessage(this._state, this._trans);
    const stale = this._report !== null && this._state.kind !== 'result';
    this._status.dataset.state = message?.id ?? 'ok';
    this._status.className = `jp-ConvertDoctor-status jp-mod-${message?.tone ?? 'ok'}`;
    this._status.textContent = message?.text ?? '';
    this._status.hidden = message === null;

    this._body.replaceChildren();
    this._changed.emit();
    if (this._failedCells.length > 0) {
      this._body.append(
        renderFailedCells(this._failedCells, this._trans, this._goToCell)
      );
    }
    if (!this._report) {
      return;
    }
    if (
      stale ||
      (this._state.kind === 'result' && this._state.result.kind === 'timeout')
    ) {
      const note = el('p', { className: 'jp-ConvertDoctor-staleNote' });
      note.textContent = this._trans.__('Showing the previous reading.');
      this._body.append(note);
    }
    if (this._evaluateFindings) {
      this._body.append(
        renderFindings(this._findings, this._trans, {
          cells: this._failedCells,
          goToCell: this._goToCell
        })
      );
    }
    this._body.append(renderReport(this._report, this._trans));
  }

  private _trans: TranslationBundle;
  private _evaluateFindings: FindingsEvaluator | null;
  private _status: HTMLDivElement;
  private _body: HTMLDivElement;
  private _state: InspectorState = { kind: 'no-notebook' };
  private _report: IEnvReport | null = null;
  private _findings: IFinding[] = [];
  private _failedCells: IFailedCellItem[] = [];
  private _goToCell: (cellId: string) => void = () => undefined;
  private _changed = new Signal<this, void>(this);
  private _visibilityChanged = new Signal<this, boolean>(this);
}

export namespace InspectorView {
  export interface IOptions {
    translator?: import('@jupyterlab/translation').ITranslator;
    evaluateFindings?: FindingsEvaluator;
  }
}
