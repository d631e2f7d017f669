import fc from 'fast-check';
import { checkMetricEvent, looksLikeIdentifier, MAX_METRIC_VALUE } from '../../src/core/metrics/metric-rule';
import { PERSONAL } from './fixtures';

describe('the metric event rule', () => {
  it('accepts the events the plugin and a bot emit', () => {
    const events = [
      { name: 'click', channel: 'facebook', locale: 'es-ES', dimension: 'PRIVACY_MENU' },
      { name: 'click', channel: 'webchat', dimension: 'SELECT_SERVICE:plumbing' },
      { name: 'feature.started', channel: 'facebook', locale: 'sv_SE', dimension: 'book-appointment' },
      { name: 'consent.given', dimension: 'marketing' },
      { name: 'erasure.completed', channel: 'msteams' },
      { name: 'turn', channel: 'directline', dimension: 'message', value: 12.5 },
      { name: 'feature.used', dimension: 'quote.v2', value: 3 },
      { name: 'message.in', channel: undefined, locale: undefined },
    ];
    for (const event of events)
      expect(checkMetricEvent(event)).toEqual({
        ok: true,
        event: expect.objectContaining({ name: event.name }),
      });
    // fields left undefined are absent from what is recorded
    expect(checkMetricEvent({ name: 'message.in', channel: undefined })).toEqual({
      ok: true,
      event: { name: 'message.in' },
    });
  });

  it('rejects whole events with fields outside the schema, even harmless-looking ones', () => {
    expect(
      checkMetricEvent({ name: 'click', dimension: 'PRIVACY_MENU', userId: PERSONAL.userIds[0] }),
    ).toEqual({
      ok: false,
      reason: 'unknown-field',
    });
    expect(checkMetricEvent({ name: 'feature.used', text: 'hello' })).toEqual({
      ok: false,
      reason: 'unknown-field',
    });
    expect(checkMetricEvent({ name: 'click', day: '2024-01-01' })).toEqual({
      ok: false,
      reason: 'unknown-field',
    });
  });

  it('rejects free text, e-mail addresses and phone numbers in tokens', () => {
    expect(checkMetricEvent({ name: 'feature.used', dimension: PERSONAL.names[1] })).toEqual({
      ok: false,
      reason: 'bad-dimension',
    });
    expect(checkMetricEvent({ name: 'I want to delete my data' })).toEqual({ ok: false, reason: 'bad-name' });
    expect(checkMetricEvent({ name: 'click', dimension: 'ana@example.com' })).toEqual({
      ok: false,
      reason: 'bad-dimension',
    });
    expect(checkMetricEvent({ name: 'click', dimension: '+34612345678' })).toEqual({
      ok: false,
      reason: 'bad-dimension',
    });
    expect(checkMetricEvent({ name: 'click', dimension: '612345678' })).toEqual({
      ok: false,
      reason: 'looks-personal',
    });
    expect(checkMetricEvent({ name: 'click', channel: 'face book' })).toEqual({
      ok: false,
      reason: 'bad-channel',
    });
    expect(checkMetricEvent({ name: 'click', locale: PERSONAL.names[0] })).toEqual({
      ok: false,
      reason: 'bad-locale',
    });
    expect(checkMetricEvent({ name: 'x'.repeat(65) })).toEqual({ ok: false, reason: 'bad-name' });
    expect(checkMetricEvent('click')).toEqual({ ok: false, reason: 'not-an-object' });
    expect(checkMetricEvent(null)).toEqual({ ok: false, reason: 'not-an-object' });
  });

  it('rejects user ids, tax ids and card numbers used as tokens, also inside a payload', () => {
    const values = [
      ...PERSONAL.userIds,
      ...PERSONAL.tins,
      ...PERSONAL.cards.map((c) => c.replace(/ /g, '-')),
    ];
    for (const value of values) {
      for (const dimension of [value, `PAY_${value}`, `${value}:confirm`]) {
        expect(checkMetricEvent({ name: 'click', dimension }).ok).toBe(false);
      }
      expect(checkMetricEvent({ name: 'click', channel: value }).ok).toBe(false);
    }
    // digests and UUIDs are identifiers too
    expect(looksLikeIdentifier('3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBe(true);
    expect(looksLikeIdentifier('aB3dE5fG7hJ9kL')).toBe(true);
    expect(looksLikeIdentifier('book-appointment.step2')).toBe(false);
  });

  it('never accepts a Luhn-valid card number or long number however it is separated or wrapped', () => {
    const separator = fc.constantFrom('', '-', '.', '_', ':');
    const card = fc
      .array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 18 })
      .map(withLuhnDigit);
    const wrapper = fc.constantFrom('', 'PAY_', 'card:', 'X.');
    fc.assert(
      fc.property(card, separator, wrapper, wrapper, (digits, sep, before, after) => {
        const formatted = digits.match(/.{1,4}/g)!.join(sep);
        return !checkMetricEvent({ name: 'click', dimension: `${before}${formatted}${after}` }).ok;
      }),
    );
  });

  it('accepts only small finite numbers as values', () => {
    expect(checkMetricEvent({ name: 'turn', value: MAX_METRIC_VALUE }).ok).toBe(true);
    for (const value of [
      4111111111111111,
      8112189876,
      12345678,
      1234567,
      Infinity,
      NaN,
      '12',
      MAX_METRIC_VALUE + 1,
    ]) {
      expect(checkMetricEvent({ name: 'turn', value })).toEqual({ ok: false, reason: 'bad-value' });
    }
  });
});

function withLuhnDigit(digits: number[]): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits[digits.length - 1 - i];
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.join('') + String((10 - (sum % 10)) % 10);
}
