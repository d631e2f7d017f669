import fc from 'fast-check';
import { ConfigurationError } from '../../src/core/errors';
import { checkMetricEvent } from '../../src/core/metrics/metric-rule';
import {
  MetricVocabulary,
  OTHER_METRIC_LABEL,
  type DeclaredMetricLabels,
} from '../../src/core/metrics/metric-vocabulary';
import { FanOutMetricsRecorder } from '../../src/metrics/fan-out-recorder';
import { DEFAULT_METRIC_CHANNELS, PRIVACY_METRIC_LABELS } from '../../src/metrics/privacy-metric-labels';
import { CollectingSink } from './fixtures';

describe('declared metric labels', () => {
  it('counts the privacy layer’s own payloads, dialogs, erasure sources and channels by name, with nothing declared', () => {
    const sink = new CollectingSink();
    const recorder = new FanOutMetricsRecorder({ sinks: [sink] });
    for (const payload of ['PRIVACY_MENU', 'PRIVACY_CENTER', 'PRIVACY_CONSENT_YES', 'PRIVACY_WITHDRAW_3']) {
      recorder.record({ name: 'click', channel: 'facebook', dimension: payload });
    }
    for (const source of ['menu', 'delete_user_data', 'facebook_callback', 'privacy_center']) {
      recorder.record({ name: 'erasure.completed', channel: 'webchat', dimension: source });
    }
    recorder.record({ name: 'feature.started', channel: 'msteams', dimension: 'privacyMenu' });
    recorder.record({ name: 'turn', channel: 'directline', dimension: 'deleteUserData', value: 3 });
    expect(
      sink.events.every((e) => e.name !== 'other' && e.dimension !== 'other' && e.channel !== 'other'),
    ).toBe(true);
    expect(recorder.stats().undeclared).toBe(0);
  });

  it('replaces every undeclared label, name, channel, locale and dimension, by other, and keeps the count', () => {
    const sink = new CollectingSink();
    const recorder = new FanOutMetricsRecorder({
      sinks: [sink],
      declared: {
        events: ['quote.sent'],
        payloads: ['GET_QUOTE'],
        channels: ['webchat'],
        locales: ['es-ES'],
      },
    });
    recorder.record({
      name: 'quote.sent',
      channel: 'webchat',
      locale: 'es-ES',
      dimension: 'GET_QUOTE',
      value: 2,
    });
    recorder.record({
      name: 'quote.lost',
      channel: 'facebook',
      locale: 'sv-SE',
      dimension: 'CLICK_IHKPNGKM',
    });
    expect(
      sink.events.map(({ name, channel, locale, dimension, value }) => [
        name,
        channel,
        locale,
        dimension,
        value,
      ]),
    ).toEqual([
      ['quote.sent', 'webchat', 'es-ES', 'GET_QUOTE', 2],
      ['other', 'other', 'other', 'other', undefined],
    ]);
    expect(recorder.stats()).toMatchObject({ accepted: 2, undeclared: 1 });
  });

  it('checks locales as BCP 47: canonical form, RFC 4647 lookup in the declared tags, else the language', () => {
    const declared = new MetricVocabulary({ locales: ['es-ES', 'es', 'en', 'sv_SE', 'zh-Hant'] });
    const cases: [string, string][] = [
      ['es-ES', 'es-ES'],
      ['ES-es', 'es-ES'],
      ['es_ES', 'es-ES'],
      ['es-MX', 'es'],
      ['es-12345678-98765432', 'es'],
      ['en-US-x-twain', 'en'],
      ['sv-SE', 'sv-SE'],
      ['zh-Hant-TW', 'zh-Hant'],
      ['fr-FR', 'other'],
      ['not a locale', 'other'],
    ];
    for (const [raw, label] of cases) expect([raw, declared.locale(raw)]).toEqual([raw, label]);

    const languageOnly = new MetricVocabulary({});
    expect(languageOnly.locale('es-12345678-98765432')).toBe('es');
    expect(languageOnly.locale('sv_SE')).toBe('sv');
    expect(languageOnly.locale('tlh')).toBe('tlh'); // a language ICU knows
    expect(languageOnly.locale('zz-ZZ')).toBe('other'); // well-formed, but no language
    expect(languageOnly.locale('qaa')).toBe('other'); // private use
  });

  it('never lets an undeclared value through, whatever the input (property)', () => {
    const vocabulary = new MetricVocabulary(PRIVACY_METRIC_LABELS, { payloads: ['BOOK_SLOT'] });
    const declaredChannels = new Set([...DEFAULT_METRIC_CHANNELS, OTHER_METRIC_LABEL]);
    const token = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/);
    const locale = fc.oneof(fc.stringMatching(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,3}$/), fc.string());
    fc.assert(
      fc.property(token, token, token, locale, (name, channel, dimension, raw) => {
        const check = checkMetricEvent({ name, channel, dimension, locale: raw });
        if (!check.ok) return;
        const labelled = vocabulary.label(check.event);
        expect([name, OTHER_METRIC_LABEL]).toContain(labelled.name);
        expect(declaredChannels.has(labelled.channel!)).toBe(true);
        expect(
          labelled.dimension === OTHER_METRIC_LABEL || vocabulary.hasDimension(labelled.dimension!),
        ).toBe(true);
        // a locale is `other` or a bare language subtag: no region, variant or digits
        expect(labelled.locale).toMatch(/^(other|[a-z]{2,3})$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses declarations that are not safe tokens or BCP 47 tags, naming the list', () => {
    const bad: [DeclaredMetricLabels, RegExp][] = [
      [{ payloads: ['PAY 4111'] }, /payloads/],
      [{ dimensions: ['feature-4111111111111111'] }, /dimensions/],
      [{ channels: ['other'] }, /reserved/],
      [{ events: 'click' as unknown as string[] }, /list of strings/],
      [{ locales: ['es-12345678'] }, /BCP 47/],
      [{ locales: ['not a tag'] }, /BCP 47/],
    ];
    for (const [declared, message] of bad) {
      expect(() => new MetricVocabulary(declared)).toThrow(ConfigurationError);
      expect(() => new MetricVocabulary(declared)).toThrow(message);
      expect(() => new FanOutMetricsRecorder({ sinks: [], declared })).toThrow(message);
    }
    expect(() => new FanOutMetricsRecorder({ sinks: [], declared: 'BOOK_SLOT' as never })).toThrow(
      /`declared` must be an object/,
    );
  });
});
