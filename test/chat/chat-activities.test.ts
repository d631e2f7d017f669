import { ChatActivities } from '../../src/chat/chat-activities';

describe('ChatActivities', () => {
  it('uses one fresh user and conversation per session', () => {
    const a = new ChatActivities();
    const b = new ChatActivities();
    expect(a.userId).not.toBe(b.userId);
    expect(a.conversationId).not.toBe(b.conversationId);
    const [join, message] = [a.conversationUpdate(), a.text('hi')];
    expect(join.from?.id).toBe(a.userId);
    expect(message.from?.id).toBe(a.userId);
    expect(message.conversation?.id).toBe(join.conversation?.id);
    expect(message.id).not.toBe(join.id);
  });

  it('announces the user joining, as Web Chat does', () => {
    const chat = new ChatActivities({ userName: 'Ana López' });
    expect(chat.conversationUpdate()).toMatchObject({
      type: 'conversationUpdate',
      channelId: 'webchat',
      locale: 'en-US',
      membersAdded: [{ id: 'bot' }, { id: chat.userId, name: 'Ana López' }],
    });
  });

  it('gives Messenger users a 16-digit numeric id and their name and locale', () => {
    const chat = new ChatActivities({ channelId: 'facebook', locale: 'es-ES', userName: 'Ana López' });
    expect(chat.userId).toMatch(/^[1-9]\d{15}$/);
    expect(chat.text('hola')).toMatchObject({
      type: 'message',
      text: 'hola',
      locale: 'es-ES',
      from: { id: chat.userId, name: 'Ana López' },
      channelData: { sender: { id: chat.userId }, message: { text: 'hola' } },
    });
  });

  it('sends a button press as a Messenger postback on facebook', () => {
    const chat = new ChatActivities({ channelId: 'facebook' });
    const press = chat.postback('PRIVACY_DELETE', 'Delete my data');
    expect(press).toMatchObject({
      text: 'PRIVACY_DELETE',
      channelData: { postback: { payload: 'PRIVACY_DELETE', title: 'Delete my data' } },
    });
    expect(press.value).toBeUndefined();
  });

  it('sends a button press with the payload as value elsewhere', () => {
    const press = new ChatActivities().postback('PRIVACY_DELETE');
    expect(press).toMatchObject({ text: 'PRIVACY_DELETE', value: 'PRIVACY_DELETE' });
    expect(press.channelData).toBeUndefined();
  });

  it('leaves from.name out when no name was given', () => {
    expect(new ChatActivities().text('hi').from?.name).toBeUndefined();
  });
});
