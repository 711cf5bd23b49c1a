/** `convert-doctor diagnose`: classify one traceback (unchanged contract). */
import { Command } from 'commander';

import { errorFromInput } from '../../core/errorInput';
import { SHIPPED_KNOWLEDGE } from '../../core/shippedKnowledge';
import { IEnvReport } from '../../core/types';
import { formatDiagnosis } from '../format';
import {
  InputError,
  asEnvReport,
  readEnv,
  readInput,
  writeJson,
  writeText
} from '../io';

/**
 * A failure-lab fixture carries its environment beside the error: use it when --env is not
 * given (checked like --env; a fixture without one has `"env": null`).
 */
function embeddedEnv(text: string, file: string): IEnvReport | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    return undefined;
  }
  let env: unknown;
  try {
    env = (JSON.parse(trimmed) as { env?: unknown }).env;
  } catch {
    return undefined;
  }
  return env === undefined || env === null
    ? undefined
    : asEnvReport(env, `${file === '-' ? 'stdin' : file}: "env"`);
}

export function diagnoseCommand(): Command {
  return new Command('diagnose')
    .description(
      'classify a traceback (text, or a Jupyter error output as JSON) into a taxonomy category'
    )
    .argument(
      '<file>',
      "file holding the traceback or error output, or '-' for stdin"
    )
    .option(
      '--env <file>',
      'environment report (JSON) of the kernel that raised it'
    )
    .option(
      '--json',
      'print one JSON object (category, confidence, evidence, ...)'
    )
    .action((file: string, opts: { env?: string; json?: boolean }) => {
      const text = readInput(file);
      let error;
      try {
        error = errorFromInput(text);
      } catch (err) {
        throw new InputError((err as Error).message);
      }
      const env = opts.env ? readEnv(opts.env) : embeddedEnv(text, file);
      const diagnosis = SHIPPED_KNOWLEDGE.diagnose(error, env);
      if (opts.json) {
        writeJson(diagnosis);
      } else {
        writeText(formatDiagnosis(diagnosis));
      }
    });
}
