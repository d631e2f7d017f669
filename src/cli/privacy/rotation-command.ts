import type { PrivacySubcommand } from './cli-io';

/** `privacy rotation`: not built yet. */
export const rotationCommand: PrivacySubcommand = {
  summary: 'rotation (not available yet)',
  async run(_args, io) {
    io.err('privacy rotation: not available yet');
    return 2;
  },
};
