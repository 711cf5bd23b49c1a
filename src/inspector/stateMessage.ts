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
      return message(
        'no-notebook',
        'info',
        trans.__('Open a notebook to inspect its kernel.')
      );
    case 'manual':
      return message(
        'manual',
        'info',
        trans.__('Auto-refresh is off: press Refresh to read the kernel.')
      );
    case 'probing':
      return state.waiting
        ? message(
            'waiting',
            'busy',
            trans.__('Waiting for the running cell to finish…')
          )
        : message(
            'probing',
            'busy',
            trans.__('Reading the kernel environment…')
          );
    case 'result':
      break;
  }
  const result = state.result;
  switch (result.kind) {
    case 'ok':
      return null;
    case 'no-kernel':
      return message(
        'no-kernel',
        'info',
        trans.__('This notebook has no kernel. Start one to inspect it.')
      );
    case 'not-python':
      return message(
        'not-python',
        'info',
        trans.__(
          'Python kernels only: this notebook runs a %1 kernel.',
          result.language || trans.__('non-Python')
        )
      );
    case 'timeout': {
      const seconds = (result.waitedMs / 1000).toFixed(1);
      return result.busy
        ? message(
            'timeout-busy',
            'warning',
            trans.__(
              'Waiting for the running cell: the kernel is busy and did not answer within %1 s. Refresh when the cell is done.',
              seconds
            )
          )
        : message(
            'timeout',
            'warning',
            trans.__(
              'The kernel did not answer within %1 s. Refresh to try again.',
              seconds
            )
          );
    }
    case 'dead':
      return message(
        'dead',
        'error',
        trans.__('The kernel is dead — restart it.')
      );
    case 'error':
      return message(
        'error',
        'error',
        trans.__('The probe failed: %1', result.message)
      );
  }
}

function message(id: string, tone: MessageTone, text: string): IStateMessage {
  return { id, tone, text };
}
