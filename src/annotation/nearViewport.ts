/**
 * Calls back once an element comes near the viewport: one IntersectionObserver for many
 * elements. The annotation enters a cell's DOM only then, because every annotation that
 * changes an off-screen cell's height while JupyterLab is still building a large notebook's
 * cells makes that build measurably slower (bench/annotation_bench.sh).
 */
import type { IDisposable } from '@lumino/disposable';

/** Half a viewport above and below counts as near: scrolling finds the annotation there. */
const NEAR = '50% 0px';

export class NearViewport implements IDisposable {
  constructor() {
    if (typeof IntersectionObserver !== 'undefined') {
      this._observer = new IntersectionObserver(
        entries => this._onChange(entries),
        { rootMargin: NEAR }
      );
    }
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Runs `callback` once `node` is near the viewport (replacing an earlier one for it). */
  whenNear(node: Element, callback: () => void): void {
    if (this._isDisposed) {
      return;
    }
    if (!this._observer) {
      // No way to tell: now.
      callback();
      return;
    }
    this._callbacks.set(node, callback);
    this._observer.observe(node);
  }

  /** Forgets the callback of `node`, if any. */
  cancel(node: Element): void {
    if (this._callbacks.delete(node)) {
      this._observer?.unobserve(node);
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._observer?.disconnect();
    this._callbacks.clear();
  }

  private _onChange(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const callback = this._callbacks.get(entry.target);
      if (entry.isIntersecting && callback) {
        this.cancel(entry.target);
        callback();
      }
    }
  }

  private _observer: IntersectionObserver | null = null;
  private _callbacks = new Map<Element, () => void>();
  private _isDisposed = false;
}
