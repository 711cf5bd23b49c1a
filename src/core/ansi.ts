/** ANSI escape removal for kernel tracebacks (IPython colours them). */
import stripAnsiModule from 'strip-ansi';

export function stripAnsi(text: string): string {
  return stripAnsiModule(text);
}
