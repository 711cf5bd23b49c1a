/**
 * The inspector plugin: a right-side panel following the active notebook's kernel, its commands
 * and settings. It requires only INotebookTracker and this extension's report store, so it
 * activates in JupyterLab and Notebook 7.
 */
import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Clipboard, ICommandPalette, Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import {
  CommandToolbarButton,
  copyIcon,
  refreshIcon,
  SidePanel
} from '@jupyterlab/ui-components';

import { formatReportJson, formatReportMarkdown } from '../core/reportFormat';
import { ranPackageInstall } from '../kernel/packageInstall';
import { IDiagnosedCells, IEnvReportStore, IKnowledgeBase } from '../tokens';
import { CommandIDs, INSPECTOR_PANEL_ID } from './commands';
import { FailedCellsLink } from './failedCellsLink';
import { doctorIcon } from './icon';
import { InspectorController } from './InspectorController';
import { InspectorView } from './InspectorView';
import { DEFAULT_SETTINGS, readSettings } from './settings';

const PLUGIN_ID = 'jupyterlab-convert-doctor:inspector';

export const inspectorPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Kernel environment inspector for model conversion.',
  autoStart: true,
  requires: [INotebookTracker, IEnvReportStore, IKnowledgeBase],
  optional: [
    ILayoutRestorer,
    ICommandPalette,
    ISettingRegistry,
    ITranslator,
    IDiagnosedCells
  ],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    store: IEnvReportStore,
    knowledge: IKnowledgeBase,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    registry: ISettingRegistry | null,
    translator: ITranslator | null,
    diagnosedCells: IDiagnosedCells | null
  ) => {
    translator = translator ?? nullTranslator;
    const trans = translator.load('jupyterlab_convert_doctor');

    const view = new InspectorView({
      translator,
      evaluateFindings: report => knowledge.evaluateRules(report)
    });
    if (diagnosedCells) {
      new FailedCellsLink({
        tracker,
        diagnosedCells,
        view,
        activate: notebook => app.shell.activateById(notebook.id)
      });
    }
    const panel = new SidePanel({ translator });
    panel.id = INSPECTOR_PANEL_ID;
    panel.addClass('jp-ConvertDoctor-panel');
    panel.title.icon = doctorIcon;
    panel.title.caption = trans.__('Convert Doctor: kernel environment');
    // The SidePanel shows its content widgets as accordion sections, titled by their label.
    view.title.label = trans.__('Kernel environment');
    panel.addWidget(view);
    panel.node.setAttribute('aria-label', trans.__('Convert Doctor inspector'));

    // Start reading only once the settings are known (auto-refresh may be off), with the
    // defaults when the load fails: a broken settings file must not leave a dead panel.
    const settingsLoaded = registry
      ? registry.load(PLUGIN_ID).then(
          settings => {
            settings.changed.connect(() => {
              void controllerReady.then(controller =>
                controller.updateSettings(readSettings(settings.composite))
              );
            });
            return readSettings(settings.composite);
          },
          reason => {
            console.warn(
              'jupyterlab-convert-doctor: inspector settings could not be loaded; using the defaults.',
              reason
            );
            return { ...DEFAULT_SETTINGS };
          }
        )
      : Promise.resolve({ ...DEFAULT_SETTINGS });
    const controllerReady = settingsLoaded.then(
      settings =>
        new InspectorController({
          tracker,
          view,
          store,
          settings,
          isInstallCell: ranPackageInstall
        })
    );

    const { commands } = app;
    const copy = (format: 'markdown' | 'json') => {
      const report = view.report;
      if (!report) {
        return;
      }
      Clipboard.copyToSystem(
        format === 'json'
          ? formatReportJson(report)
          : formatReportMarkdown(report, { findings: view.findings })
      );
      Notification.info(
        format === 'json'
          ? trans.__('Environment report copied as JSON.')
          : trans.__('Environment report copied as Markdown.'),
        { autoClose: 3000 }
      );
    };
    commands.addCommand(CommandIDs.open, {
      label: trans.__('Open Kernel Environment Inspector'),
      caption: trans.__('Show what the kernel has installed and loaded'),
      icon: args => (args.isPalette ? undefined : doctorIcon),
      execute: () => app.shell.activateById(panel.id)
    });
    commands.addCommand(CommandIDs.refresh, {
      label: trans.__('Refresh Kernel Environment Inspector'),
      caption: trans.__('Read the kernel environment again'),
      icon: args => (args.isPalette ? undefined : refreshIcon),
      execute: async () => {
        app.shell.activateById(panel.id);
        await (await controllerReady).refresh();
      }
    });
    commands.addCommand(CommandIDs.copyMarkdown, {
      label: trans.__('Copy Environment Report as Markdown'),
      caption: trans.__(
        'Copy the environment report as Markdown (for bug reports)'
      ),
      icon: args => (args.isPalette ? undefined : copyIcon),
      isEnabled: () => view.report !== null,
      execute: () => copy('markdown')
    });
    commands.addCommand(CommandIDs.copyJson, {
      label: trans.__('Copy Environment Report as JSON'),
      caption: trans.__('Copy the environment report as JSON'),
      isEnabled: () => view.report !== null,
      execute: () => copy('json')
    });
    view.changed.connect(() => {
      commands.notifyCommandChanged(CommandIDs.copyMarkdown);
      commands.notifyCommandChanged(CommandIDs.copyJson);
    });

    panel.toolbar.addItem(
      'refresh',
      new CommandToolbarButton({ commands, id: CommandIDs.refresh, label: '' })
    );
    panel.toolbar.addItem(
      'copy-markdown',
      new CommandToolbarButton({
        commands,
        id: CommandIDs.copyMarkdown,
        label: trans.__('Markdown')
      })
    );
    panel.toolbar.addItem(
      'copy-json',
      new CommandToolbarButton({
        commands,
        id: CommandIDs.copyJson,
        icon: copyIcon,
        label: trans.__('JSON')
      })
    );

    if (palette) {
      const category = trans.__('Convert Doctor');
      for (const command of Object.values(CommandIDs)) {
        palette.addItem({ command, category });
      }
    }

    app.shell.add(panel, 'right', { rank: 650 });
    restorer?.add(panel, panel.id);
  }
};
