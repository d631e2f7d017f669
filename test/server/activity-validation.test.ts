import { findActivityProblem } from '../../src/server/activity-validation';

const valid = {
  type: 'message',
  text: 'hola',
  channelId: 'webchat',
  from: { id: 'u1', name: 'Ana' },
  recipient: { id: 'bot' },
  conversation: { id: 'c1' },
  serviceUrl: 'http://127.0.0.1:1',
};

function without(path: string): Record<string, unknown> {
  const copy = structuredClone(valid) as unknown as Record<string, Record<string, unknown>>;
  const [head, tail] = path.split('.');
  if (tail) delete copy[head][tail];
  else delete copy[head];
  return copy;
}

describe('findActivityProblem', () => {
  it('accepts a complete activity, and one without serviceUrl when it expects replies', () => {
    expect(findActivityProblem(valid)).toBeUndefined();
    expect(findActivityProblem({ ...without('serviceUrl'), deliveryMode: 'expectReplies' })).toBeUndefined();
    expect(
      findActivityProblem({
        ...valid,
        value: [1, { a: null }],
        channelData: { postback: { payload: 'X' } },
        timestamp: '2026-11-29T03:00:00.000Z',
        attachments: [{ contentType: 'image/png' }],
        membersAdded: [{ id: 'u1' }],
        conversation: { id: 'c1', isGroup: false },
        somethingNew: 42,
      }),
    ).toBeUndefined();
  });

  it.each([
    'type',
    'channelId',
    'from',
    'from.id',
    'recipient',
    'recipient.id',
    'conversation',
    'conversation.id',
  ])('names the missing field %s', (field) => {
    const found = findActivityProblem(without(field));
    expect(found?.field).toBe(field);
    expect(found?.message).toContain(`"${field}"`);
  });

  it('needs serviceUrl unless the caller expects the replies in the response', () => {
    expect(findActivityProblem(without('serviceUrl'))?.field).toBe('serviceUrl');
    expect(findActivityProblem({ ...valid, serviceUrl: 'file:///etc/passwd' })?.field).toBe('serviceUrl');
    expect(findActivityProblem({ ...valid, serviceUrl: 'not a url' })?.field).toBe('serviceUrl');
  });

  it.each([
    ['body', []],
    ['body', null],
    ['body', 'message'],
    ['type', { ...valid, type: 7 }],
    ['type', { ...valid, type: '' }],
    ['channelId', { ...valid, channelId: 'web chat/../x' }],
    ['from', { ...valid, from: 'u1' }],
    ['from.id', { ...valid, from: { id: 12345 } }],
    ['from.id', { ...valid, from: { id: '   ' } }],
    ['from.id', { ...valid, from: { id: 'x'.repeat(513) } }],
    ['from.name', { ...valid, from: { id: 'u1', name: { first: 'Ana' } } }],
    ['conversation', { ...valid, conversation: ['c1'] }],
    ['conversation.isGroup', { ...valid, conversation: { id: 'c1', isGroup: 'yes' } }],
    ['text', { ...valid, text: ['hola'] }],
    ['locale', { ...valid, locale: 5 }],
    ['timestamp', { ...valid, timestamp: 'yesterday-ish' }],
    ['channelData', { ...valid, channelData: 'raw' }],
    ['attachments', { ...valid, attachments: {} }],
    ['attachments[1]', { ...valid, attachments: [{}, 'x'] }],
    ['membersAdded[0].id', { ...valid, membersAdded: [{ name: 'Ana' }] }],
  ])('reports %s for a wrong type', (field, body) => {
    expect(findActivityProblem(body)?.field).toBe(field);
  });

  it('never repeats a value from the request in its message', () => {
    const found = findActivityProblem({ ...valid, from: { id: 'x'.repeat(600) + 'SECRET-ID' } });
    expect(found?.message).not.toContain('SECRET-ID');
  });
});
