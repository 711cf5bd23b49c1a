/** Tiny DOM helpers for text-only rendering (no HTML strings anywhere). */

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { className?: string } = {}
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) {
    node.className = options.className;
  }
  return node;
}

/** A definition list of label → value; missing values show as an em dash. */
export function factList(
  facts: [label: string, value: unknown, key: string][]
): HTMLDListElement {
  const list = el('dl', { className: 'jp-ConvertDoctor-facts' });
  for (const [label, value, key] of facts) {
    const term = el('dt');
    term.textContent = label;
    const definition = el('dd');
    definition.dataset.fact = key;
    const text =
      value === null || value === undefined || value === ''
        ? ''
        : String(value);
    definition.textContent = text || '—';
    if (!text) {
      definition.classList.add('jp-mod-unknown');
    }
    list.append(term, definition);
  }
  return list;
}
