#!/usr/bin/env node
/**
 * `convert-doctor`: the diagnosis engine from the command line, for scripts and CI.
 *
 *   convert-doctor diagnose [--env ENV.json] [--json] FILE|-
 *   convert-doctor env [--python PATH | --url URL [--token T]] [--kernel NAME] [--report ENV.json] [--json]
 *   convert-doctor check NOTEBOOK.ipynb... [--python PATH | --url URL] [--kernel NAME] [--timeout S] ...
 *   convert-doctor verify MODEL.onnx [--input X.npy] [--reference REF.npz | --darknet CFG WEIGHTS] ...
 *
 * One module per subcommand (commands/); exit codes 0 all good, 1 a problem found, 2 bad usage
 * or unreadable input (one line on stderr, no stack trace).
 */
import { Command } from 'commander';

import { checkCommand } from './commands/check';
import { diagnoseCommand } from './commands/diagnose';
import { envCommand } from './commands/env';
import { verifyCommand } from './commands/verify';
import { EXIT_PROBLEM, EXIT_USAGE, InputError, takeExitCode } from './io';

/** Usage errors as one line like every other error: `convert-doctor: unknown option '--x'`. */
const USAGE_ERRORS = {
  outputError: (text: string, write: (text: string) => void) =>
    write(
      `convert-doctor: ${text.replace(/^error: /, '').trim()} (see --help)\n`
    )
};

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('convert-doctor')
    .description(
      'Diagnose failing model conversions (Darknet/PyTorch/TF to ONNX, SavedModel, TFLite).'
    )
    // Before the subcommands are added, so they inherit it: usage errors return exit code 2.
    .exitOverride()
    .configureOutput(USAGE_ERRORS);
  for (const command of [
    diagnoseCommand(),
    envCommand(),
    checkCommand(),
    verifyCommand()
  ]) {
    program.addCommand(command.exitOverride().configureOutput(USAGE_ERRORS));
  }
  return program;
}

/** @jupyterlab/services logs WebSocket chatter with console.debug/log: keep stdout for results. */
function quietLibraries(): void {
  if (process.env.CONVERT_DOCTOR_DEBUG) {
    return;
  }
  const toStderrNever = () => undefined;
  console.debug = toStderrNever;
  console.log = toStderrNever;
  console.info = toStderrNever;
  console.warn = toStderrNever;
}

export async function main(argv: string[]): Promise<number> {
  quietLibraries();
  // The services client rejects pending futures of a kernel that dies; the awaited flow has
  // already reported it, so these late rejections must not end the run with a stack trace.
  process.on('unhandledRejection', reason => {
    if (process.env.CONVERT_DOCTOR_DEBUG) {
      process.stderr.write(
        `convert-doctor: (debug) unhandled: ${String(reason)}\n`
      );
    }
  });
  try {
    await buildProgram().parseAsync(argv);
    return takeExitCode();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (
      code === 'commander.helpDisplayed' ||
      code === 'commander.version' ||
      code === 'commander.help'
    ) {
      return 0;
    }
    if (code && code.startsWith('commander.')) {
      return EXIT_USAGE; // commander already printed the message
    }
    // One line: messages may quote input text.
    const message = String((err as Error)?.message ?? err).replace(/\s+/g, ' ');
    process.stderr.write(`convert-doctor: ${message}\n`);
    return err instanceof InputError ? EXIT_USAGE : EXIT_PROBLEM;
  }
}

if (require.main === module) {
  void main(process.argv).then(code => {
    process.exitCode = code;
    // Keep-alive sockets of the services client must not hold the process open.
    setTimeout(() => process.exit(code), 100).unref();
  });
}
