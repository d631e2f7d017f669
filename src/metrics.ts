/**
 * `botbuilder-privacy/metrics`: where anonymous metric events go. Sinks for Prometheus (with its
 * `GET /metrics` handler), a webhook and Application Insights; give them to the `FanOutMetricsRecorder`
 * of the main entry. The Redis counters are in `botbuilder-privacy/redis`. This entry loads prom-client
 * (a peer dependency) and neither ioredis nor express.
 *
 * @example
 * ```ts
 * import { FanOutMetricsRecorder } from 'botbuilder-privacy';
 * import { metricsRoute, PrometheusMetricSink } from 'botbuilder-privacy/metrics';
 *
 * const prometheus = new PrometheusMetricSink();
 * const metrics = new FanOutMetricsRecorder({ sinks: [prometheus] });
 * // app.get('/metrics', metricsRoute(prometheus.registry, { bearerToken: process.env.METRICS_TOKEN }));
 * ```
 *
 * @packageDocumentation
 */
export { PrometheusMetricSink, type PrometheusMetricSinkOptions } from './metrics/prometheus-sink';
export { metricsRoute, type MetricsRouteOptions } from './server/metrics-route';
export {
  WebhookMetricSink,
  type WebhookMetricSinkOptions,
  type WebhookMetricSinkStats,
} from './metrics/webhook-sink';
export { TelemetryClientSink, type TelemetryClientSinkOptions } from './metrics/telemetry-client-sink';
