import type { PrivacySubcommand } from './cli-io';

/** `privacy record`: not built yet. */
export const recordCommand: PrivacySubcommand = {
  summary: 'record (not available yet)',
  async run(_args, io) {
    io.err('privacy record: not available yet');
    return 2;
  },
};
