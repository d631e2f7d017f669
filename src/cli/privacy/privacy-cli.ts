import type { CliIo, PrivacySubcommand } from './cli-io';
import { auditCommand } from './audit-command';
import { recordCommand } from './record-command';
import { requestCommand } from './request-command';
import { rotationCommand } from './rotation-command';

/** The brand's privacy tools, one subcommand each: `privacy audit verify`, `privacy record`... */
const SUBCOMMANDS: Readonly<Record<string, PrivacySubcommand>> = {
  request: requestCommand,
  audit: auditCommand,
  record: recordCommand,
  rotation: rotationCommand,
};

function usage(io: CliIo): void {
  io.out('Usage: privacy <command> [options]   (each command has --help)');
  io.out('');
  for (const [name, command] of Object.entries(SUBCOMMANDS))
    io.out(`  ${name.padEnd(10)} ${command.summary}`);
}

/** Runs `privacy <command> ...` and resolves to its exit code (0 ok, 1 the check failed, 2 bad usage). */
export async function runPrivacyCli(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    usage(io);
    return name === undefined ? 2 : 0;
  }
  const command = SUBCOMMANDS[name];
  if (!command) {
    io.err(`privacy: unknown command "${name}"`);
    usage(io);
    return 2;
  }
  return command.run(rest, io);
}
