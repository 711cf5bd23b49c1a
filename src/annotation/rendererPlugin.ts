/**
 * Registers the renderer of the kernel extension's diagnosis output
 * (`%load_ext jupyterlab_convert_doctor`) with the app's rendermime, so a kernel's diagnosis is
 * shown as this extension's annotation instead of its HTML fallback. With both present, the
 * notebook annotator leaves such cells to it (see cellErrorReading.ts).
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Clipboard,
  ISessionContextDialogs,
  Notification
} from '@jupyterlab/apputils';
import { INotebookTracker, type NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { CommandIDs as InspectorCommandIDs } from '../inspector/commands';
import { IKnowledgeBase } from '../tokens';
import { kernelDiagnosisRendererFactory } from './diagnosisRenderer';
import { FixCells } from './fixCells';

export const kernelDiagnosisRendererPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-convert-doctor:kernel-diagnosis-renderer',
  description:
    'Shows the diagnosis the kernel extension displays as the Convert Doctor annotation.',
  autoStart: true,
  requires: [INotebookTracker, IRenderMimeRegistry, IKnowledgeBase],
  optional: [ITranslator, ISessionContextDialogs],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    rendermime: IRenderMimeRegistry,
    knowledge: IKnowledgeBase,
    translator: ITranslator | null,
    sessionDialogs: ISessionContextDialogs | null
  ) => {
    const translation = translator ?? nullTranslator;
    const trans = translation.load('jupyterlab_convert_doctor');
    // One FixCells per panel; the registry of our fix cells is the tab's, shared with the annotator.
    const fixCells = new WeakMap<NotebookPanel, FixCells>();
    rendermime.addFactory(
      kernelDiagnosisRendererFactory({
        recipes: knowledge.recipes,
        trans,
        locate: node => {
          const panel = tracker.find(p => p.content.node.contains(node));
          const cell = panel?.content.widgets.find(
            c => c.model.type === 'code' && c.node.contains(node)
          );
          return panel && cell ? { panel, cell } : null;
        },
        fixCellsOf: panel => {
          let cells = fixCells.get(panel);
          if (!cells) {
            cells = new FixCells(panel, {
              translator: translation,
              sessionDialogs
            });
            fixCells.set(panel, cells);
          }
          return cells;
        },
        copy: text => {
          Clipboard.copyToSystem(text);
          Notification.info(trans.__('Diagnosis copied as Markdown.'), {
            autoClose: 3000
          });
        },
        openInspector: () => {
          if (app.commands.hasCommand(InspectorCommandIDs.open)) {
            void app.commands.execute(InspectorCommandIDs.open);
          }
        }
      })
    );
  }
};
