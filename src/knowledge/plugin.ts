/**
 * Provides the knowledge base: fetched once at start-up from the extension's static assets.
 * If it cannot be read the extension says so once and its other plugins stay inactive, rather
 * than diagnosing without its data.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { KnowledgeBase } from '../core/knowledgeBase';
import { fetchKnowledgeData } from './knowledgeAssets';
import { IKnowledgeBase } from '../tokens';

export const knowledgePlugin: JupyterFrontEndPlugin<IKnowledgeBase> = {
  id: 'jupyterlab-convert-doctor:knowledge',
  description:
    'The compatibility rules, error signatures and fix recipes, read from the extension.',
  autoStart: true,
  provides: IKnowledgeBase,
  optional: [ITranslator],
  activate: async (
    app: JupyterFrontEnd,
    translator: ITranslator | null
  ): Promise<IKnowledgeBase> => {
    try {
      return new KnowledgeBase(await fetchKnowledgeData());
    } catch (error) {
      const trans = (translator ?? nullTranslator).load(
        'jupyterlab_convert_doctor'
      );
      // After start-up, so the notification's toast is there to show it.
      void app.restored.then(() =>
        Notification.error(
          trans.__(
            'Convert Doctor could not read its knowledge data: %1',
            (error as Error).message
          )
        )
      );
      throw error;
    }
  }
};
