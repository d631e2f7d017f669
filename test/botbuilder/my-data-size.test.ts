import type { Activity } from 'botbuilder-core';
import { PrivacyCenterLinks } from '../../src/core/privacy-center-link';
import { MemoryKeyspace } from '../../src/storage/memory-keyspace';
import { MemoryPrivacyCenterGrants } from '../../src/storage/memory-privacy-center-grants';
import { createTestBot, type TestBot } from './privacy-test-bot';

// *My data* on web chat with a long history: the summary counts the history (read page by page) instead
// of listing it, and a file too large for a `data:` URL inside an activity is offered as the Privacy
// Center's streamed download, or, without a Privacy Center, the person is told how to get it.

const bots: TestBot[] = [];
afterEach(async () => {
  await Promise.all(bots.splice(0).map((bot) => bot.close()));
});

function webChatBot(withCenter: boolean): TestBot {
  const privacyCenter = new PrivacyCenterLinks({
    secret: 's'.repeat(32),
    grants: new MemoryPrivacyCenterGrants({ keyspace: new MemoryKeyspace() }),
    baseUrl: 'https://bot.example.com',
  });
  const bot = createTestBot({
    channelId: 'webchat',
    userName: 'Maria Lopez',
    privacy: withCenter ? { privacyCenter } : {},
  });
  bots.push(bot);
  return bot;
}

/** `count` messages of 200 characters from the person to the bot in their conversation. */
async function longHistory(bot: TestBot, count: number): Promise<void> {
  for (let start = 0; start < count; start += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, count - start) }, (_, i) =>
        bot.transcripts.logActivity({
          type: 'message',
          channelId: 'webchat',
          conversation: { id: `conv-${bot.user.id}` },
          from: { id: bot.user.id, role: 'user' },
          recipient: { id: 'bot', role: 'bot' },
          text: `${start + i} ${'x'.repeat(200)}`,
        }),
      ),
    );
  }
  await bot.transcripts.flush();
}

function attachmentsOf(reply: Partial<Activity>): string[] {
  return (reply.attachments ?? []).map((a) => a.contentType);
}

it('a history too large for the chat: counted in the summary, the file offered as the Privacy Center download', async () => {
  const bot = webChatBot(true);
  await longHistory(bot, 1200);
  await bot.adapter
    .send('hi')
    .assertReply('Hello!')
    .send('PRIVACY_EXPORT')
    .assertReply((r) => {
      expect(r.text).toMatch(/Chat history: 1000 messages, from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\./);
      expect(r.text).not.toContain('x'.repeat(200)); // the messages themselves are not listed
    })
    .assertReply((r) => {
      expect(r.attachments?.some((a) => a.contentType === 'application/json')).toBe(false);
      const button = (r.attachments?.[0]?.content as { buttons?: Array<{ value?: string }> })?.buttons?.[0];
      expect(button?.value).toMatch(
        /^https:\/\/bot\.example\.com\/privacy\/center\/[A-Za-z0-9_-]+\/my-data\.json$/,
      );
    })
    .startTest();
});

it('a history too large for the chat and no Privacy Center: a clear message, no attachment', async () => {
  const bot = webChatBot(false);
  await longHistory(bot, 1200);
  await bot.adapter
    .send('hi')
    .assertReply('Hello!')
    .send('PRIVACY_EXPORT')
    .assertReply((r) => expect(r.text).toMatch(/Chat history: 1000 messages/))
    .assertReply((r) => {
      expect(attachmentsOf(r)).toEqual([]);
      expect(r.text).toBe(
        'Your data is too large to send in this chat. Please ask Home Services for a copy, and it will be sent to you another way.',
      );
    })
    .startTest();
});

it('a short history still comes as the JSON attachment, the same file as the download', async () => {
  const bot = webChatBot(true);
  await longHistory(bot, 20);
  await bot.adapter
    .send('hi')
    .assertReply('Hello!')
    .send('PRIVACY_EXPORT')
    .assertReply((r) => expect(r.text).toMatch(/Chat history: 2\d messages/))
    .assertReply((r) => {
      expect(attachmentsOf(r)).toEqual(['application/json']);
      const json = JSON.parse(
        Buffer.from(String(r.attachments![0].contentUrl).split(',')[1], 'base64').toString('utf8'),
      ) as { sections: Array<{ kind: string; data: unknown[] }> };
      const history = json.sections.find((s) => s.kind === 'transcript');
      expect(history?.data.length).toBeGreaterThanOrEqual(20);
    })
    .startTest();
});
