import { Activity } from '@microsoft/agents-activity';
// The module itself: jest cannot load @microsoft/agents-hosting (its jwks-rsa requires ESM-only jose).
import { tolerantActivity } from '../../src/agents/incoming-activity';

const activity = {
  type: 'message',
  text: 'hello',
  channelId: 'webchat',
  from: { id: 'u1', name: '', role: 'user' },
  recipient: { id: 'bot', name: 'bot' },
  conversation: { id: 'c1', name: '', isGroup: false, conversationType: 'personal' },
  channelData: { note: '' },
};

describe('tolerantActivity', () => {
  it('lets the Agents SDK accept what botbuilder accepted: empty optional names', () => {
    expect(() => Activity.fromObject(activity)).toThrow();
    const accepted = Activity.fromObject(tolerantActivity(activity));
    expect(accepted.conversation?.id).toBe('c1');
    expect(accepted.conversation?.name).toBeUndefined();
    expect(accepted.text).toBe('hello');
  });

  it("leaves channelData, the channel's own, and the original object untouched", () => {
    const result = tolerantActivity(activity) as typeof activity;
    expect(result.channelData).toEqual({ note: '' });
    expect(activity.conversation.name).toBe('');
  });

  it('returns anything that is not an object as it is, for the SDK to reject', () => {
    expect(tolerantActivity(null)).toBeNull();
    expect(tolerantActivity('text')).toBe('text');
    expect(tolerantActivity([1])).toEqual([1]);
  });
});
