/**
 * The failing-cell diagnosis plugin: one NotebookAnnotator per notebook panel, the execution
 * signals routed to it, commands in the palette and the cell context menu, the auto-annotation
 * setting. It requires only INotebookTracker and this extension's report store, so it activates
 * in JupyterLab and Notebook 7.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Clipboard,
  ICommandPalette,
  ISessionContextDialogs,
  Notification
} from '@jupyterlab/apputils';
import {
  INotebookTracker,
  NotebookActions,
  type Notebook,
  type NotebookPanel
} from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { CommandIDs as InspectorCommandIDs } from '../inspector/commands';
import { DiagnosedCells } from '../diagnoses/diagnosedCells';
import { IDiagnosedCells, IEnvReportStore, IKnowledgeBase } from '../tokens';
import { AnnotationCommandIDs } from './commandIds';
import { Dismissals } from './dismissals';
import { hasErrorOutput } from './errorRecord';
import { NotebookAnnotator } from './notebookAnnotator';
import {
  DEFAULT_ANNOTATION_SETTINGS,
  readAnnotationSettings
} from './settings';

const PLUGIN_ID = 'jupyterlab-convert-doctor:annotation';

export const annotationPlugin: JupyterFrontEndPlugin<IDiagnosedCells> = {
  id: PLUGIN_ID,
  description:
    'Diagnoses failing code cells under their outputs, with pinned fix cells.',
  autoStart: true,
  provides: IDiagnosedCells,
  requires: [INotebookTracker, IEnvReportStore, IKnowledgeBase],
  optional: [
    ITranslator,
    ICommandPalette,
    ISettingRegistry,
    IStateDB,
    ISessionContextDialogs
  ],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    envReports: IEnvReportStore,
    knowledge: IKnowledgeBase,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    registry: ISettingRegistry | null,
    state: IStateDB | null,
    sessionDialogs: ISessionContextDialogs | null
  ): IDiagnosedCells => {
    translator = translator ?? nullTranslator;
    const trans = translator.load('jupyterlab_convert_doctor');
    let settings = { ...DEFAULT_ANNOTATION_SETTINGS };

    const dismissals = new Dismissals(state);
    void app.restored.then(() => dismissals.restore());

    const diagnosedCells = new DiagnosedCells();
    const services = {
      diagnose: knowledge.diagnose.bind(knowledge),
      envReports,
      diagnosedCells,
      dismissals,
      recipes: knowledge.recipes,
      translator,
      trans,
      sessionDialogs,
      copy: (text: string) => {
        Clipboard.copyToSystem(text);
        Notification.info(trans.__('Diagnosis copied as Markdown.'), {
          autoClose: 3000
        });
      },
      autoAnnotate: () => settings.autoAnnotate,
      openInspector: () => {
        if (app.commands.hasCommand(InspectorCommandIDs.open)) {
          void app.commands.execute(InspectorCommandIDs.open);
        }
      }
    };

    const annotators = new WeakMap<NotebookPanel, NotebookAnnotator>();
    const annotatorOf = (panel: NotebookPanel | null | undefined) =>
      panel ? (annotators.get(panel) ?? null) : null;
    const annotatorFor = (notebook: Notebook) =>
      annotatorOf(tracker.find(panel => panel.content === notebook));
    const track = (panel: NotebookPanel) => {
      if (annotators.has(panel)) {
        return;
      }
      const annotator = new NotebookAnnotator(panel, services);
      annotators.set(panel, annotator);
      panel.disposed.connect(() => {
        annotator.dispose();
        annotators.delete(panel);
      });
    };

    NotebookActions.executionScheduled.connect((_, { notebook, cell }) => {
      annotatorFor(notebook)?.clear(cell.model);
    });
    NotebookActions.outputCleared.connect((_, { notebook, cell }) => {
      annotatorFor(notebook)?.clear(cell.model);
    });
    NotebookActions.executed.connect(
      (_, { notebook, cell, success, error }) => {
        // The report store forgets the environment after an install cell by itself.
        const panel = tracker.find(p => p.content === notebook);
        // Cells queued behind a failed one come back 'aborted': a KernelError without ename.
        if (!success && error?.errorName) {
          annotatorOf(panel)?.onExecuted(cell, error);
        }
      }
    );

    const { commands } = app;
    const activeCellHasError = () => {
      const cell = tracker.currentWidget?.content.activeCell;
      return (
        !!cell &&
        cell.model.type === 'code' &&
        hasErrorOutput((cell.model as any).outputs)
      );
    };
    commands.addCommand(AnnotationCommandIDs.diagnoseCell, {
      label: trans.__('Diagnose This Cell'),
      caption: trans.__(
        'Show the Convert Doctor diagnosis of this cell’s error'
      ),
      isEnabled: activeCellHasError,
      execute: () => {
        const panel = tracker.currentWidget;
        const cell = panel?.content.activeCell;
        if (!panel || !cell) {
          return false;
        }
        return annotatorOf(panel)?.diagnoseCell(cell.model, true) ?? false;
      }
    });
    commands.addCommand(AnnotationCommandIDs.diagnoseAll, {
      label: trans.__('Diagnose All Failed Cells'),
      caption: trans.__(
        'Show the Convert Doctor diagnosis under every cell with an error'
      ),
      isEnabled: () => tracker.currentWidget !== null,
      execute: () => {
        const count =
          annotatorOf(tracker.currentWidget)?.diagnoseAll(true) ?? 0;
        if (count === 0) {
          Notification.info(
            trans.__('No cell in this notebook has an error.'),
            {
              autoClose: 3000
            }
          );
        }
        return count;
      }
    });
    commands.addCommand(AnnotationCommandIDs.insertFix, {
      label: trans.__('Insert Fix for This Cell'),
      caption: trans.__(
        'Insert the pinned fix cell of this cell’s diagnosis below it (it does not run)'
      ),
      isEnabled: () => {
        const panel = tracker.currentWidget;
        const cell = panel?.content.activeCell;
        const annotation = cell
          ? annotatorOf(panel)?.annotationOf(cell.model)
          : null;
        return !!annotation && annotation.selectedRecipe !== null;
      },
      execute: () => {
        const panel = tracker.currentWidget;
        const cell = panel?.content.activeCell;
        return cell
          ? (annotatorOf(panel)?.insertFix(cell.model) ?? false)
          : false;
      }
    });

    const ids = [
      AnnotationCommandIDs.diagnoseCell,
      AnnotationCommandIDs.diagnoseAll,
      AnnotationCommandIDs.insertFix
    ];
    if (palette) {
      const category = trans.__('Convert Doctor');
      ids.forEach(command => palette.addItem({ command, category }));
    }
    ids.forEach((command, index) =>
      app.contextMenu.addItem({
        command,
        selector: '.jp-Cell',
        rank: 60 + index
      })
    );

    // Notebooks are followed once the settings are known, so that auto-annotation off
    // never shows saved errors' diagnoses for a moment at start-up.
    const settingsLoaded = registry
      ? registry
          .load(PLUGIN_ID)
          .then(loaded => {
            const apply = () => {
              const previous = settings;
              settings = readAnnotationSettings(loaded.composite);
              if (settings.autoAnnotate && !previous.autoAnnotate) {
                tracker.forEach(panel => annotatorOf(panel)?.diagnoseAll());
              }
            };
            apply();
            loaded.changed.connect(apply);
          })
          .catch(reason => {
            console.warn(
              'jupyterlab-convert-doctor: annotation settings could not be loaded; using the defaults.',
              reason
            );
          })
      : Promise.resolve();
    void settingsLoaded.then(() => {
      tracker.forEach(track);
      tracker.widgetAdded.connect((_, panel) => track(panel));
    });
    return diagnosedCells;
  }
};
