/** The report's facts as a definition list (text only). */
import { el } from '../dom';

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
