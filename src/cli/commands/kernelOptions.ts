/** The kernel-source options `env` and `check` share, and their help text. */
import { Command } from 'commander';

export function addKernelSourceOptions(command: Command): Command {
  return command
    .option(
      '--python <path>',
      'run the kernel with this interpreter (it needs only ipykernel); default: python3 on PATH'
    )
    .option(
      '--url <url>',
      'use a running Jupyter server instead (e.g. http://host/user/alice/, ?token=... accepted)'
    )
    .option(
      '--token <token>',
      'token of the --url server (default: $JUPYTER_TOKEN)'
    )
    .option('--kernel <name>', 'kernelspec to start');
}

export const KERNEL_SOURCE_HELP = `Kernels: with --python (the default) a private jupyter server is started on 127.0.0.1
with a random port and token, and a temporary kernelspec "convert-doctor-python" runs
\`PATH -m ipykernel_launcher\`, so that interpreter needs only ipykernel. The server itself
is the first jupyter-server found of $CONVERT_DOCTOR_JUPYTER_SERVER, beside the interpreter,
on PATH, in the project's .venv. It is stopped on exit, Ctrl-C included. With --url an existing
server is used and left running (only the kernels started here are shut down).`;
