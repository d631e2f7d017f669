import type { PrivacySubcommand } from './cli-io';

/** `privacy request`: not built yet. */
export const requestCommand: PrivacySubcommand = {
  summary: 'request (not available yet)',
  async run(_args, io) {
    io.err('privacy request: not available yet');
    return 2;
  },
};
