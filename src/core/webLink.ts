/**
 * Which knowledge sources may become links: the inspector's findings and the cell annotation
 * use the same check, so a source is a link in both or in neither.
 */

const MAX_URL_CHARS = 2048;

/**
 * The href of an http(s) source, or null. Only web links become anchors: a `javascript:` or
 * `data:` source, one with white space, an unparsable or an over-long one stays text.
 */
export function webLink(source: string): string | null {
  if (source.length > MAX_URL_CHARS || !/^https?:\/\/\S+$/i.test(source)) {
    return null;
  }
  try {
    return new URL(source).href;
  } catch {
    return null;
  }
}
