import type { TurnContext } from './turn-context';
import type { StatePropertyAccessor } from './turn-state';
import type { PersonName, ProfileProvider } from '../core/profile';
import { settleWithin } from '../core/bounded-wait';
import { subjectOfActivity } from './subject-scope-middleware';
import { cleanName, type PrivacyProfile } from './privacy-profile';

export interface NameCaptureOptions {
  /** Channels whose users' names may be collected. Default `['facebook']`; web chat never. */
  channels?: string[];
  /** Asked when the channel gives no name (or gives the id as the name). */
  profileProvider?: ProfileProvider;
  /** Longest wait for the profile provider before going on without a name. Default 1500 ms. */
  timeoutMs?: number;
}

/**
 * Stores the person's name on their first message, on channels allowed to share it. Takes the name the
 * channel sends; when there is none, or it is just the user id (Botkit's Facebook adapter does that),
 * asks the profile provider, waiting at most `timeoutMs`. Never throws; a missing name is fine.
 */
export class NameCapture {
  readonly channels: ReadonlySet<string>;
  private readonly timeoutMs: number;

  constructor(
    private readonly profile: StatePropertyAccessor<PrivacyProfile>,
    private readonly options: NameCaptureOptions = {},
  ) {
    this.channels = new Set(options.channels ?? ['facebook']);
    this.timeoutMs = options.timeoutMs ?? 1500;
  }

  /** True when this channel's users may have their name collected. */
  appliesTo(context: TurnContext): boolean {
    const channelId = context.activity.channelId;
    return channelId !== undefined && this.channels.has(channelId);
  }

  async capture(context: TurnContext): Promise<void> {
    if (!this.appliesTo(context)) return;
    const subject = subjectOfActivity(context.activity);
    if (!subject) return;
    const current = await this.profile.get(context, {});
    if (current.firstName || current.nameCheckedAt) return;

    const from = context.activity.from;
    const channelName = from?.name && from.name !== from.id ? splitName(from.name) : undefined;
    const found = channelName ?? (await this.askProvider(subject));
    const firstName = cleanName(found?.firstName);
    await this.profile.set(context, {
      ...current,
      firstName,
      lastName: firstName ? cleanName(found?.lastName) : undefined,
      nameSource: firstName ? (channelName ? 'channel' : 'profile_api') : undefined,
      nameCheckedAt: new Date().toISOString(),
    });
  }

  private async askProvider(subject: { channelId: string; userId: string }): Promise<PersonName | undefined> {
    const provider = this.options.profileProvider;
    if (!provider) return undefined;
    // A failing or slow provider just means no name: both end as `undefined`.
    const name = provider.getName(subject).catch(() => undefined);
    return settleWithin(name, this.timeoutMs, () => undefined);
  }
}

function splitName(full: string): PersonName {
  const [firstName, ...rest] = full.trim().split(/\s+/);
  return { firstName, lastName: rest.join(' ') || undefined };
}
