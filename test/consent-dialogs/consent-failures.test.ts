import type { PrivacyErrorInfo } from '../../src/core/operation-error';
import type { ConsentStore } from '../../src/core/consent/consent-store';
import { createConsentTestBot, INVOICE, resultOf, type ConsentTestBot } from './consent-test-bot';

let bots: ConsentTestBot[] = [];
afterEach(async () => {
  await Promise.all(bots.map((b) => b.close()));
  bots = [];
});

describe('a consent that cannot be read or recorded', () => {
  it('is reported to onError as an error without the id the store put in its message', async () => {
    const errors: Array<[Error, PrivacyErrorInfo]> = [];
    let userId = '';
    const broken: ConsentStore = {
      list: async () => {
        throw new Error(`READONLY You can't write against a read only replica. (user ${userId})`);
      },
      save: async () => undefined,
      subjectDigest: () => 'digest',
      exportSubject: async () => [],
    } as unknown as ConsentStore;
    const b = createConsentTestBot({
      consentStore: broken,
      privacy: { onError: (error, info) => void errors.push([error, info]) },
    });
    bots.push(b);
    userId = b.user.id;
    await b.adapter
      .send('invoice')
      .assertReply((r) => expect(r.text).toContain('Nothing was asked or recorded'))
      .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'unavailable', purposeId: INVOICE.id }))
      .startTest();
    expect(errors.map(([error, info]) => [error.message, info])).toEqual([
      ['The consent failed (Error).', { operation: 'consent', channel: 'facebook' }],
    ]);
    expect(JSON.stringify(errors) + String(errors[0][0].stack)).not.toContain(b.user.id);
  });
});
