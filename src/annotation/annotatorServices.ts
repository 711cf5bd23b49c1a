/**
 * What a NotebookAnnotator gets from the plugin: the knowledge base's diagnosis, the report
 * store, the inspector's publication, the dismissals and settings, and the app's clipboard.
 */
import type { ISessionContextDialogs } from '@jupyterlab/apputils';
import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';

import type { IFixRecipe } from '../core/fixCell';
import type { IDiagnosis, IEnvReport, IErrorRecord } from '../core/types';
import type { DiagnosedCells } from '../diagnoses/diagnosedCells';
import type { IEnvReportStore } from '../tokens';
import type { Dismissals } from './dismissals';

export interface IAnnotatorServices {
  /** `source` is the failing cell's: which recipes fit depends on it. */
  diagnose(error: IErrorRecord, env?: IEnvReport, source?: string): IDiagnosis;
  envReports: IEnvReportStore;
  /** Where this notebook's diagnoses are published for the inspector. */
  diagnosedCells: DiagnosedCells;
  dismissals: Dismissals;
  recipes: IFixRecipe[];
  translator: ITranslator;
  trans: TranslationBundle;
  sessionDialogs: ISessionContextDialogs | null;
  copy(text: string): void;
  /** Shows the environment inspector, when the app has it. */
  openInspector?: () => void;
  /** The auto-annotation setting; explicit commands annotate whatever it says. */
  autoAnnotate(): boolean;
}
