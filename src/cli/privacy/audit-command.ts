import type { PrivacySubcommand } from './cli-io';

/** `privacy audit`: not built yet. */
export const auditCommand: PrivacySubcommand = {
  summary: 'audit (not available yet)',
  async run(_args, io) {
    io.err('privacy audit: not available yet');
    return 2;
  },
};
