import type { MetricEvent } from '../../src/core/metrics/metric-event';
import type { MetricSink } from '../../src/core/metrics/metric-sink';
import { FanOutMetricsRecorder } from '../../src/metrics/fan-out-recorder';
import { CollectingSink, TEST_LABELS } from './fixtures';

describe('FanOutMetricsRecorder', () => {
  it('files each event under the UTC day and hour of the recorder clock, not the caller', () => {
    const sink = new CollectingSink();
    const recorder = new FanOutMetricsRecorder({
      declared: TEST_LABELS,
      sinks: [sink],
      now: () => new Date('2025-03-30T23:59:59+02:00'),
    });
    recorder.record({ name: 'click', channel: 'facebook', dimension: 'PRIVACY_MENU' });
    expect(sink.events).toEqual([
      { name: 'click', channel: 'facebook', dimension: 'PRIVACY_MENU', day: '2025-03-30', hour: 21 },
    ]);
    // a caller cannot choose the bucket
    recorder.record({ name: 'click', day: '1999-01-01' } as MetricEvent);
    expect(sink.named('click')).toHaveLength(1);
  });

  it('drops rule-breaking events whole, counts them by reason, and forwards only the reason', () => {
    const sink = new CollectingSink();
    const reasons: string[] = [];
    const recorder = new FanOutMetricsRecorder({
      declared: TEST_LABELS,
      sinks: [sink],
      onRejected: (r) => reasons.push(r),
    });
    recorder.record({ name: 'feature.used', dimension: 'quote' });
    recorder.record({ name: 'feature.used', dimension: 'quote', userName: 'Sven' } as MetricEvent);
    recorder.record({ name: 'feature.used', dimension: 'Sven Svensson' });
    recorder.record({ name: 'click', dimension: '4111111111111111' });
    expect(sink.named('feature.used')).toHaveLength(1);
    expect(sink.named('click')).toHaveLength(0);
    expect(sink.named('metrics.rejected').map((e) => e.dimension)).toEqual([
      'unknown-field',
      'bad-dimension',
      'looks-personal',
    ]);
    expect(reasons).toEqual(['unknown-field', 'bad-dimension', 'looks-personal']);
    const stats = recorder.stats();
    expect(stats.accepted).toBe(1);
    expect(stats.rejected).toMatchObject({
      'unknown-field': 1,
      'bad-dimension': 1,
      'looks-personal': 1,
      'bad-name': 0,
    });
    expect(JSON.stringify(sink.events)).not.toMatch(/Sven|4111/);
  });

  it('keeps feeding healthy sinks when one throws, and never throws itself', () => {
    const broken: MetricSink = {
      accept() {
        throw new Error('sink down');
      },
    };
    const sink = new CollectingSink();
    const recorder = new FanOutMetricsRecorder({
      declared: TEST_LABELS,
      sinks: [broken, sink],
      onRejected: () => {
        throw new Error('bad callback');
      },
    });
    expect(() => recorder.record({ name: 'message.in' })).not.toThrow();
    expect(() => recorder.record({ name: 'bad name' })).not.toThrow();
    expect(() => recorder.record(undefined as unknown as MetricEvent)).not.toThrow();
    expect(sink.named('message.in')).toHaveLength(1);
    expect(recorder.stats().sinkErrors).toBeGreaterThanOrEqual(1);
  });
});
