import type { SubjectDataExport } from '../../src/core/data-export';
import { en } from '../../src/i18n/en';
import { describeExport } from '../../src/turn/export-description';

describe('describeExport (the text *My data* sends in the chat)', () => {
  it('describes a person with a long history (150,000 messages) instead of failing', () => {
    const messages = Array.from({ length: 150_000 }, (_, i) => ({
      timestamp: new Date(1_700_000_000_000 + i * 60_000).toISOString(),
      from: i % 2 === 0 ? 'user' : 'bot',
      text: `message ${i}`,
    }));
    const data = {
      sections: [{ kind: 'transcript', label: 'facebook/conversations/c/transcript', data: messages }],
    } as unknown as SubjectDataExport;
    const { text, hasData } = describeExport(data, { firstName: 'Paula' }, en, 'Home Services');
    expect(hasData).toBe(true);
    expect(text).toContain('message 0');
    expect(text).not.toContain('message 149999'); // capped: the rest is counted, not listed
    expect(text.split('\n').length).toBeLessThan(80);
    expect(text).toMatch(/4499\d\d/); // how many lines were left out (3 per message, minus those shown)
  });
});
