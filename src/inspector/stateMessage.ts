import type { TranslationBundle } from '@jupyterlab/translation';

import type { InspectorState } from './inspectorState';

export type MessageTone = 'info' | 'busy' | 'warning' | 'error';

export interface IStateMessage {
  /** Stable id for styling and tests. */
  id: string;
  tone: MessageTone;
  text: string;
}

/** The one-line message for a state, or null when the report speaks for itself. */
export function stateMessage(
  state: InspectorState,
  trans: TranslationBundle
): IStateMessage | null {
  switch (state.kind) {
    case 'no-notebook':
      return {
        id: 'no-notebook',
        tone: 'info',
        text: trans.__('Open a notebook to inspect its kernel.')
      };
    case 'manual':
      return {
        id: 'manual',
        tone: 'info',
        text: trans.__('Auto-refresh is off: press Refresh to read the kernel.')
      };
    case 'probing':
      return state.waiting
        ? {
            id: 'waiting',
            tone: 'busy',
            text: trans.__('Waiting for the running cell to finish…')
          }
        : {
            id: 'probing',
            tone: 'busy',
            text: trans.__('Reading the kernel environment…')
          };
    case 'result':
      break;
  }
  const result = state.result;
  switch (result.kind) {
    case 'ok':
      return null;
    case 'no-kernel':
      return {
        id: 'no-kernel',
        tone: 'info',
        text: trans.__('This notebook has no kernel. Start one to inspect it.')
      };
    case 'not-python':
      return {
        id: 'not-python',
        tone: 'info',
        text: trans.__(
          'Python kernels only: this notebook runs a %1 kernel.',
          result.language || trans.__('non-Python')
        )
      };
    case 'timeout': {
      const seconds = (result.waitedMs / 1000).toFixed(1);
      return result.busy
        ? {
            id: 'timeout-busy',
            tone: 'warning',
            text: trans.__(
              'Waiting for the running cell: the kernel is busy and did not answer within %1 s. Refresh when the cell is done.',
              seconds
            )
          }
        : {
            id: 'timeout',
            tone: 'warning',
            text: trans.__(
              'The kernel did not answer within %1 s. Refresh to try again.',
              seconds
            )
          };
    }
    case 'dead':
      return {
        id: 'dead',
        tone: 'error',
        text: trans.__('The kernel is dead — restart it.')
      };
    case 'error':
      return {
        id: 'error',
        tone: 'error',
        text: trans.__('The probe failed: %1', result.message)
      };
  }
}
