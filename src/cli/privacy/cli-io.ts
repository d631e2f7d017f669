/** Where a command-line tool writes: lines to standard output and standard error (tests capture them). */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** The environment the command reads (`REDIS_URL`, secrets...). Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** One `privacy` subcommand: runs with the arguments after its name and resolves to an exit code. */
export interface PrivacySubcommand {
  /** One line for `privacy --help`. */
  readonly summary: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}
