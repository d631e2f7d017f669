import { SubjectDigester } from '../../src/core/subject';

// Every in-process cache that fills per user is bounded. A review of src/ and the example (Maps and Sets
// that outlive a turn) found one that grows with users in a Redis deployment: the digest cache of
// SubjectDigester, which the example's stores use on every storage call. The others are per turn
// (subject scope, turn state), weak (digests of frozen subjects), static configuration (keywords,
// channels, allow-lists), in-flight only (pending transcript writes), or the in-memory stores' own data.

function cacheOf(digester: SubjectDigester): Map<string, string> {
  return (digester as unknown as { cache: Map<string, string> }).cache;
}

describe('SubjectDigester', () => {
  it('keeps at most 10,000 digests, whatever the number of people and conversations', () => {
    const digester = new SubjectDigester('cache-test-secret-0123456789abcdef');
    const first = digester.digest({ channelId: 'facebook', userId: 'psid-0' });
    for (let i = 0; i < 15_000; i++) {
      digester.digest({ channelId: 'facebook', userId: `psid-${i}` });
      digester.keyDigest(`facebook/conversations/conv-${i}/`);
    }
    expect(cacheOf(digester).size).toBe(10_000);
    // An evicted digest is computed again, identical.
    expect(digester.digest({ channelId: 'facebook', userId: 'psid-0' })).toBe(first);
    expect(cacheOf(digester).size).toBe(10_000);
  });
});
