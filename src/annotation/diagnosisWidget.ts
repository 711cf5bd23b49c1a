/**
 * The annotation under a failing cell: what is wrong, why, and the fix actions. Everything that
 * comes from the traceback, the kernel or the data is set with textContent (never innerHTML),
 * and bounded, so a hostile or 10 MB traceback stays inert, short text.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import type { IFixRecipe } from '../core/fixCell';
import { boundText } from '../core/boundText';
import type { CauseKind, IDiagnosis } from '../core/types';
import { webLink } from '../core/webLink';
import { el, externalLink } from '../dom';
import { findingItem } from '../findingItem';

export const DIAGNOSIS_CLASS = 'jp-ConvertDoctor-diagnosis';

/** Longest evidence shown; the full text stays in the cell's own output. */
export const MAX_EVIDENCE_CHARS = 600;
const MAX_TEXT_CHARS = 4000;
const MAX_SOURCES = 8;
const MAX_FINDINGS = 12;

export type DiagnosisAction =
  'insert-fix' | 'run-fix' | 'copy' | 'dismiss' | 'open-inspector';

/** What the buttons do; the widget only renders and reports clicks. */
export interface IDiagnosisActions {
  insertFix(recipeId: string): void;
  runFix(): void;
  copy(): void;
  /** Hides it for this error; absent for the kernel's own output (Clear Output removes that). */
  dismiss?: () => void;
  /** Shows the kernel environment inspector; absent when the app has none. */
  openInspector?: () => void;
}

export interface IDiagnosisWidgetOptions {
  diagnosis: IDiagnosis;
  /** The recipes of `diagnosis.recipes` (those that fit), in that order; none: no Insert button. */
  recipes: IFixRecipe[];
  actions: IDiagnosisActions;
  trans: TranslationBundle;
}

export class DiagnosisWidget extends Widget {
  constructor(options: IDiagnosisWidgetOptions) {
    super();
    this._actions = options.actions;
    this._trans = options.trans;
    this.addClass(DIAGNOSIS_CLASS);
    this.node.setAttribute('role', 'region');
    // Keys typed on our buttons (Enter, Space) are theirs, not notebook shortcuts.
    this.node.setAttribute('data-lm-suppress-shortcuts', 'true');
    this.render(options.diagnosis, options.recipes);
  }

  get diagnosis(): IDiagnosis {
    return this._diagnosis!;
  }

  /** Whether a fix cell from this annotation is in the notebook (shows "Run fix cell"). */
  get fixInserted(): boolean {
    return this._fixInserted;
  }

  set fixInserted(value: boolean) {
    this._fixInserted = value;
    if (this._runButton) {
      this._runButton.hidden = !value;
    }
  }

  /** The recipe "Insert fix cell" would use now. */
  get selectedRecipe(): string | null {
    if (this._recipeSelect) {
      return this._recipeSelect.value;
    }
    return this._recipes[0]?.id ?? null;
  }

  /** Re-render with a new diagnosis (e.g. once the kernel's environment report arrived). */
  render(diagnosis: IDiagnosis, recipes: IFixRecipe[]): void {
    const trans = this._trans;
    this._diagnosis = diagnosis;
    this._recipes = recipes;
    const unknown = diagnosis.category === 'unknown';
    const node = this.node;
    node.replaceChildren();
    node.dataset.category = diagnosis.category;
    node.classList.toggle('jp-mod-quiet', unknown);
    if (diagnosis.cause) {
      node.dataset.cause = diagnosis.cause;
    } else {
      delete node.dataset.cause;
    }
    node.setAttribute(
      'aria-label',
      unknown
        ? trans.__('Convert Doctor: no known cause for this error')
        : trans.__(
            'Convert Doctor diagnosis: %1',
            boundText(diagnosis.title, 200)
          )
    );

    const header = el('div', {
      className: 'jp-ConvertDoctor-diagnosisHeader'
    });
    if (unknown) {
      header.append(
        el('span', {
          className: 'jp-ConvertDoctor-diagnosisTitle',
          text: trans.__(
            'Convert Doctor: no known conversion cause for this error.'
          )
        })
      );
    } else {
      if (diagnosis.cause) {
        header.append(
          el('span', {
            className: 'jp-ConvertDoctor-diagnosisCauseKind',
            text: causeLabel(diagnosis.cause, trans)
          })
        );
      }
      header.append(
        el('span', {
          className: 'jp-ConvertDoctor-diagnosisTitle',
          text: boundText(diagnosis.title, 300)
        })
      );
    }
    node.append(header);

    if (!unknown) {
      const cause = firstSentence(diagnosis.explanation);
      if (cause) {
        node.append(
          el('div', {
            className: 'jp-ConvertDoctor-diagnosisCause',
            text: cause
          })
        );
      }
      if (diagnosis.evidence) {
        const evidence = el('pre', {
          className: 'jp-ConvertDoctor-diagnosisEvidence',
          text: boundText(diagnosis.evidence, MAX_EVIDENCE_CHARS)
        });
        evidence.setAttribute(
          'aria-label',
          trans.__('Evidence from the traceback')
        );
        evidence.title = trans.__('The traceback line that decided it');
        node.append(evidence);
      }
    }

    const why = this._renderWhy(diagnosis, unknown);
    if (why) {
      node.append(why);
    }
    node.append(this._renderActions(unknown));
    this.fixInserted = this._fixInserted;
  }

  private _renderWhy(
    diagnosis: IDiagnosis,
    unknown: boolean
  ): HTMLElement | null {
    const trans = this._trans;
    const findings = diagnosis.findings.slice(0, MAX_FINDINGS);
    const sources = diagnosis.sources
      .map(source => ({ source, href: webLink(source) }))
      .filter((link): link is { source: string; href: string } => !!link.href)
      .slice(0, MAX_SOURCES);
    if (unknown && findings.length === 0) {
      return null;
    }
    const details = el('details', {
      className: 'jp-ConvertDoctor-diagnosisWhy'
    });
    details.append(
      el('summary', {
        text: unknown ? trans.__('Environment findings') : trans.__('Why?')
      })
    );
    if (!unknown && diagnosis.explanation) {
      details.append(
        el('p', {
          className: 'jp-ConvertDoctor-diagnosisExplanation',
          text: boundText(diagnosis.explanation, MAX_TEXT_CHARS)
        })
      );
    }
    if (findings.length > 0) {
      if (!unknown) {
        details.append(subhead(trans.__('In this kernel’s environment:')));
      }
      details.append(
        el('ul', {
          className: 'jp-ConvertDoctor-diagnosisFindings',
          children: findings.map(finding =>
            findingItem(finding, trans, { variant: 'compact' })
          )
        })
      );
    }
    if (!unknown && sources.length > 0) {
      details.append(
        subhead(trans.__('Sources:')),
        el('ul', {
          className: 'jp-ConvertDoctor-diagnosisSources',
          children: sources.map(({ source, href }) =>
            el('li', { children: [externalLink(boundText(source, 200), href)] })
          )
        })
      );
    }
    return details;
  }

  private _renderActions(unknown: boolean): HTMLElement {
    const trans = this._trans;
    const bar = el('div', { className: 'jp-ConvertDoctor-diagnosisActions' });
    this._recipeSelect = null;
    this._runButton = null;
    if (!unknown && this._recipes.length > 0) {
      if (this._recipes.length > 1) {
        const select = el('select', {
          className: 'jp-ConvertDoctor-diagnosisRecipe'
        });
        select.setAttribute('aria-label', trans.__('Fix recipe'));
        for (const recipe of this._recipes) {
          const option = el('option', { text: boundText(recipe.title, 120) });
          option.value = recipe.id;
          select.append(option);
        }
        this._recipeSelect = select;
        bar.append(select);
      }
      const insert = button('insert-fix', trans.__('Insert fix cell'), () => {
        const recipe = this.selectedRecipe;
        if (recipe) {
          this._actions.insertFix(recipe);
        }
      });
      insert.title = trans.__(
        'Insert a code cell below with the pinned recipe (it does not run)'
      );
      bar.append(insert);
      const run = button('run-fix', trans.__('Run fix cell'), () =>
        this._actions.runFix()
      );
      run.title = trans.__('Run the inserted fix cell');
      run.hidden = true;
      this._runButton = run;
      bar.append(run);
    }
    const diagnosis = this._diagnosis!;
    const openInspector = this._actions.openInspector;
    if (
      openInspector &&
      (diagnosis.cause === 'environment' || diagnosis.findings.length > 0)
    ) {
      const inspect = button('open-inspector', trans.__('Environment'), () =>
        openInspector()
      );
      inspect.title = trans.__(
        'Show this kernel’s environment in the Convert Doctor inspector'
      );
      bar.append(inspect);
    }
    const copy = button('copy', trans.__('Copy'), () => this._actions.copy());
    copy.title = trans.__('Copy the diagnosis as Markdown, for a bug report');
    bar.append(copy);
    const onDismiss = this._actions.dismiss;
    if (onDismiss) {
      const dismiss = button('dismiss', trans.__('Dismiss'), () => onDismiss());
      dismiss.title = trans.__(
        'Hide this diagnosis for this error in this notebook'
      );
      bar.append(dismiss);
    }
    return bar;
  }

  private _actions: IDiagnosisActions;
  private _trans: TranslationBundle;
  private _diagnosis: IDiagnosis | null = null;
  private _recipes: IFixRecipe[] = [];
  private _fixInserted = false;
  private _recipeSelect: HTMLSelectElement | null = null;
  private _runButton: HTMLButtonElement | null = null;
}

function causeLabel(cause: CauseKind, trans: TranslationBundle): string {
  switch (cause) {
    case 'environment':
      return trans.__('Cause: environment');
    case 'code':
      return trans.__('Cause: code');
    case 'model file':
      return trans.__('Cause: model file');
    case 'data':
      return trans.__('Cause: data');
    default:
      return trans.__('Cause: %1', boundText(String(cause), 40));
  }
}

function subhead(text: string): HTMLElement {
  return el('div', { className: 'jp-ConvertDoctor-diagnosisSubhead', text });
}

function button(
  action: DiagnosisAction,
  label: string,
  onClick: () => void
): HTMLButtonElement {
  const node = el('button', {
    className:
      'jp-Button jp-mod-styled jp-mod-minimal jp-ConvertDoctor-diagnosisAction',
    text: label
  });
  node.type = 'button';
  node.dataset.action = action;
  node.setAttribute('aria-label', label);
  node.addEventListener('click', event => {
    event.preventDefault();
    // The notebook would otherwise take the click (and keys) as cell selection.
    event.stopPropagation();
    onClick();
  });
  return node;
}

function firstSentence(text: string): string {
  const flat = boundText(text, MAX_TEXT_CHARS).replace(/\s+/g, ' ').trim();
  const match = /^(.+?[.!?])(?:\s|$)/.exec(flat);
  return boundText(match ? match[1] : flat, 300);
}
