/**
 * The one DOM helper of the inspector and the cell annotation: text-only rendering, no HTML
 * strings anywhere (src/core has no DOM, so it lives here).
 */

/**
 * A new element with an optional class list, text (set as textContent, never parsed) and
 * children (appended after the text).
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: {
    className?: string;
    text?: string;
    children?: (Node | string)[];
  } = {}
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) {
    node.className = options.className;
  }
  if (options.text !== undefined) {
    node.textContent = options.text;
  }
  if (options.children) {
    node.append(...options.children);
  }
  return node;
}

/** A link that opens a web page in a new tab without giving it this page (`noopener`). */
export function externalLink(text: string, href: string): HTMLAnchorElement {
  const link = el('a', { text });
  link.href = href;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  return link;
}
