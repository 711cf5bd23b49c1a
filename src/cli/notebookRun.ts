/**
 * Runs a notebook's code cells in order on one fresh kernel, as nbmake does: cell tags
 * `skip-execution` (not run) and `raises-exception` (an error is allowed), notebook metadata
 * `execution.timeout` and `execution.allow_errors`; a per-cell timeout interrupts the kernel;
 * a kernel that dies ends the run. Outputs are kept in nbformat shape for `--output`.
 */
import type { Kernel, KernelMessage } from '@jupyterlab/services';

import { IErrorRecord } from '../core/types';

export type CellStatus =
  | 'passed'
  | 'failed'
  | 'error-allowed'
  | 'skipped'
  | 'timeout'
  | 'kernel-died'
  | 'not-run';

export interface INotebookCell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: unknown; [key: string]: unknown };
  outputs?: unknown[];
  execution_count?: number | null;
  [key: string]: unknown;
}

export interface INotebook {
  cells: INotebookCell[];
  metadata?: {
    kernelspec?: { name?: string };
    execution?: { timeout?: unknown; allow_errors?: unknown };
    [key: string]: unknown;
  };
  nbformat?: number;
  [key: string]: unknown;
}

export interface ICellResult {
  /** Index among all cells of the notebook (0-based, what the user sees counting from the top). */
  index: number;
  status: CellStatus;
  seconds: number;
  tags: string[];
  error?: IErrorRecord;
}

export interface IRunOptions {
  /** Seconds per cell; undefined = no limit. */
  timeout?: number;
  /** Run the remaining cells after an error. */
  continueOnError: boolean;
  onCell?: (index: number, position: number, total: number) => void;
}

export function sourceText(cell: INotebookCell): string {
  return Array.isArray(cell.source)
    ? cell.source.join('')
    : String(cell.source ?? '');
}

export function cellTags(cell: INotebookCell): string[] {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) ? tags.filter(t => typeof t === 'string') : [];
}

/** Checks the notebook's shape (untrusted input): returns a message or null. */
export function notebookProblem(value: unknown): string | null {
  const nb = value as INotebook | null;
  if (!nb || typeof nb !== 'object' || !Array.isArray(nb.cells)) {
    return 'not a Jupyter notebook (no "cells" list)';
  }
  if (typeof nb.nbformat === 'number' && nb.nbformat < 4) {
    return `nbformat ${nb.nbformat} is not supported (convert it to nbformat 4)`;
  }
  const bad = nb.cells.findIndex(
    c =>
      !c ||
      typeof c !== 'object' ||
      typeof c.cell_type !== 'string' ||
      !(typeof c.source === 'string' || Array.isArray(c.source))
  );
  return bad >= 0 ? `cell ${bad} is malformed` : null;
}

class CellTimeout extends Error {}
class KernelDied extends Error {}

/** Resolves with the reply, or rejects on timeout or the kernel's death. */
function awaitReply(
  kernel: Kernel.IKernelConnection,
  future: Kernel.IShellFuture<
    KernelMessage.IExecuteRequestMsg,
    KernelMessage.IExecuteReplyMsg
  >,
  timeoutMs: number | undefined
): Promise<KernelMessage.IExecuteReplyMsg> {
  return new Promise((resolve, reject) => {
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            finish();
            reject(new CellTimeout());
          }, timeoutMs);
    const onStatus = (_: unknown, status: Kernel.Status) => {
      if (
        status === 'dead' ||
        status === 'autorestarting' ||
        status === 'restarting'
      ) {
        finish();
        reject(new KernelDied());
      }
    };
    const finish = () => {
      clearTimeout(timer);
      kernel.statusChanged.disconnect(onStatus);
    };
    kernel.statusChanged.connect(onStatus);
    future.done.then(
      reply => {
        finish();
        resolve(reply as KernelMessage.IExecuteReplyMsg);
      },
      () => {
        finish();
        // A future cancelled because the kernel went away.
        reject(new KernelDied());
      }
    );
  });
}

/** nbformat output of an IOPub message, or null for messages that are not outputs. */
function toOutput(msg: KernelMessage.IIOPubMessage): unknown | null {
  const content = msg.content as { [key: string]: unknown };
  switch (msg.header.msg_type) {
    case 'stream':
      return { output_type: 'stream', name: content.name, text: content.text };
    case 'display_data':
      return {
        output_type: 'display_data',
        data: content.data,
        metadata: content.metadata ?? {}
      };
    case 'execute_result':
      return {
        output_type: 'execute_result',
        data: content.data,
        metadata: content.metadata ?? {},
        execution_count: content.execution_count
      };
    case 'error':
      return {
        output_type: 'error',
        ename: content.ename,
        evalue: content.evalue,
        traceback: content.traceback
      };
    default:
      return null;
  }
}

export async function runNotebook(
  kernel: Kernel.IKernelConnection,
  notebook: INotebook,
  options: IRunOptions
): Promise<ICellResult[]> {
  const metaTimeout = Number(notebook.metadata?.execution?.timeout);
  const timeout =
    options.timeout ??
    (Number.isFinite(metaTimeout) && metaTimeout > 0 ? metaTimeout : undefined);
  const allowErrors = notebook.metadata?.execution?.allow_errors === true;
  const codeCells = notebook.cells
    .map((cell, index) => ({ cell, index }))
    .filter(({ cell }) => cell.cell_type === 'code');
  const results: ICellResult[] = [];
  let stopped = false;
  for (const [position, { cell, index }] of codeCells.entries()) {
    const tags = cellTags(cell);
    if (stopped) {
      results.push({ index, status: 'not-run', seconds: 0, tags });
      continue;
    }
    if (tags.includes('skip-execution')) {
      results.push({ index, status: 'skipped', seconds: 0, tags });
      continue;
    }
    options.onCell?.(index, position, codeCells.length);
    const outputs: unknown[] = [];
    const started = Date.now();
    const future = kernel.requestExecute({
      code: sourceText(cell),
      store_history: true,
      allow_stdin: false,
      stop_on_error: false
    });
    future.onIOPub = msg => {
      const output = toOutput(msg);
      if (output) {
        outputs.push(output);
      }
    };
    let result: ICellResult;
    try {
      const reply = await awaitReply(
        kernel,
        future,
        timeout === undefined ? undefined : timeout * 1000
      );
      const content = reply.content;
      cell.execution_count =
        (content as { execution_count?: number }).execution_count ?? null;
      if (content.status === 'error') {
        const error: IErrorRecord = {
          ename: String(content.ename ?? ''),
          evalue: String(content.evalue ?? ''),
          traceback: Array.isArray(content.traceback)
            ? content.traceback.map(String)
            : [],
          execution_count: cell.execution_count
        };
        const allowed = allowErrors || tags.includes('raises-exception');
        result = {
          index,
          status: allowed ? 'error-allowed' : 'failed',
          seconds: 0,
          tags,
          error
        };
        stopped = !allowed && !options.continueOnError;
      } else if (content.status === 'aborted') {
        result = { index, status: 'not-run', seconds: 0, tags };
      } else {
        result = { index, status: 'passed', seconds: 0, tags };
      }
    } catch (err) {
      future.dispose();
      if (err instanceof CellTimeout) {
        result = { index, status: 'timeout', seconds: 0, tags };
        await kernel.interrupt().catch(() => undefined);
      } else {
        result = { index, status: 'kernel-died', seconds: 0, tags };
      }
      // A timed-out cell leaves the kernel state unknown, a dead kernel runs nothing more.
      stopped = true;
    }
    result.seconds = (Date.now() - started) / 1000;
    cell.outputs = outputs;
    results.push(result);
  }
  return results;
}
