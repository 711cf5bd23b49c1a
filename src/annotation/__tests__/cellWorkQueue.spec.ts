import type { ICellModel } from '@jupyterlab/cells';

import { CellWorkQueue, SLICE_BUDGET_MS } from '../cellWorkQueue';

// The queue only keys on cell models and reads `isDisposed`.
function cells(count: number): ICellModel[] {
  return Array.from(
    { length: count },
    (_, i) => ({ id: `cell-${i}`, isDisposed: false }) as unknown as ICellModel
  );
}

function nextTask(): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, 0));
}

async function drained(queue: CellWorkQueue<unknown>): Promise<number> {
  let tasks = 0;
  while (queue.size > 0 && tasks < 1000) {
    await nextTask();
    tasks++;
  }
  return tasks;
}

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // a cell whose diagnosis takes this long
  }
}

/** A queue whose work is just recording the order in which cells ran. */
function recordingQueue(order: string[]): CellWorkQueue<null> {
  return new CellWorkQueue<null>({
    run: model => order.push(model.id),
    merge: () => null,
    nodesOf: () => new Map()
  });
}

describe('CellWorkQueue', () => {
  it('merges work queued twice for a cell and runs it once', async () => {
    const [a, b] = cells(2);
    const runs: [string, string[]][] = [];
    const queue = new CellWorkQueue<string[]>({
      run: (model, work) => runs.push([model.id, work]),
      merge: (queued, added) => [...queued, ...added],
      nodesOf: () => new Map()
    });
    queue.add(a, ['check']);
    queue.add(b, ['check']);
    queue.add(a, ['refine']);
    await drained(queue);
    expect(runs).toEqual([
      ['cell-0', ['check', 'refine']],
      ['cell-1', ['check']]
    ]);
  });

  it('spends at most about one slice budget per task, in document order', async () => {
    const models = cells(12);
    const order: string[] = [];
    const perCell = SLICE_BUDGET_MS / 2 + 1;
    const queue = new CellWorkQueue<null>({
      run: model => {
        order.push(model.id);
        busy(perCell);
      },
      merge: () => null,
      nodesOf: () => new Map()
    });
    models.forEach(model => queue.add(model, null));
    await nextTask();
    // Two cells overrun the budget: the first task stops there.
    expect(order.length).toBeLessThanOrEqual(2);
    expect(await drained(queue)).toBeGreaterThanOrEqual(5);
    expect(order).toEqual(models.map(m => m.id));
  });

  it('runs urgent work first', async () => {
    const [a, b, c] = cells(3);
    const order: string[] = [];
    const queue = recordingQueue(order);
    queue.add(a, null);
    queue.add(b, null);
    queue.add(c, null, true);
    await drained(queue);
    expect(order).toEqual(['cell-2', 'cell-0', 'cell-1']);
  });

  it('runs the cells on screen before the others', async () => {
    const observed = new Map<Element, ICellModel>();
    let notify: (entries: Partial<IntersectionObserverEntry>[]) => void = () =>
      undefined;
    // jsdom has no IntersectionObserver: a stand-in that reports what the test says.
    (globalThis as any).IntersectionObserver = class {
      constructor(callback: (entries: any[]) => void) {
        notify = entries => callback(entries);
      }
      observe(): void {
        // reported by notify
      }
      unobserve(): void {
        // nothing to stop
      }
      disconnect(): void {
        // nothing to stop
      }
    };
    try {
      const models = cells(5);
      const nodes = new Map(
        models.map(model => {
          const node = document.createElement('div');
          observed.set(node, model);
          return [model, node] as const;
        })
      );
      const order: string[] = [];
      const queue = new CellWorkQueue<null>({
        run: model => order.push(model.id),
        merge: () => null,
        nodesOf: wanted => new Map(wanted.map(m => [m, nodes.get(m)!]))
      });
      models.forEach(model => queue.add(model, null));
      await Promise.resolve();
      notify([
        { target: nodes.get(models[3])!, isIntersecting: true },
        { target: nodes.get(models[0])!, isIntersecting: false }
      ]);
      await drained(queue);
      expect(order[0]).toBe('cell-3');
      expect(order.slice(1)).toEqual(['cell-0', 'cell-1', 'cell-2', 'cell-4']);
    } finally {
      delete (globalThis as any).IntersectionObserver;
    }
  });

  it('keeps going past cells whose work throws, and warns once', async () => {
    const models = cells(5);
    const order: string[] = [];
    const queue = new CellWorkQueue<null>({
      run: model => {
        order.push(model.id);
        if (model.id === 'cell-1' || model.id === 'cell-3') {
          throw new TypeError('Cannot convert object to primitive value');
        }
      },
      merge: () => null,
      nodesOf: () => new Map()
    });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {
      // counted below
    });
    try {
      models.forEach(model => queue.add(model, null));
      await drained(queue);
      expect(queue.size).toBe(0);
      expect(order).toEqual(models.map(m => m.id));
      // Work queued later still runs, and the queue warned once for both failures.
      queue.add(models[1], null);
      queue.add(models[4], null);
      await drained(queue);
      expect(order.slice(5)).toEqual(['cell-1', 'cell-4']);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toContain('Convert Doctor');
    } finally {
      warn.mockRestore();
    }
  });

  it('skips disposed cells and runs nothing once disposed', async () => {
    const [a, b] = cells(2);
    const order: string[] = [];
    const queue = recordingQueue(order);
    queue.add(a, null);
    (a as any).isDisposed = true;
    queue.add(b, null);
    await drained(queue);
    expect(order).toEqual(['cell-1']);

    queue.add(a, null);
    queue.dispose();
    await nextTask();
    await nextTask();
    expect(order).toEqual(['cell-1']);
    expect(queue.isDisposed).toBe(true);
  });
});
