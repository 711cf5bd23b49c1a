/**
 * Text from a kernel, a traceback or the knowledge, cut to a length the UI can show: a hostile or
 * 10 MB string stays short. The ellipsis counts in the length.
 */
export function boundText(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}
