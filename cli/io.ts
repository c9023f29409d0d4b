// cli/io.ts: what a command may touch of the process, passed in so tests can capture it.

export interface Io {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (for colour and progress output). */
  stderrIsTty: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

/** A problem with the command line itself: printed as `xbar: ...`, exit status 2. */
export class UsageError extends Error {}

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stderrIsTty: Boolean(process.stderr.isTTY),
    env: process.env,
  };
}
