import { PRIVACY_PAYLOADS } from '../turn/activity-payload';
import { PROTOCOL_ACTIVITY_TYPES } from '../turn/activity-types';
import { CONSENT_GATE_DIALOG_ID, CONSENT_PAYLOADS } from '../turn/consent/consent-gate-dialog';
import { CONSENTS_DIALOG_ID, CONSENTS_KEEP_PAYLOAD, withdrawPayload } from '../turn/consent/consents-dialog';
import { PAYMENT_DIALOG_ID } from '../turn/consent/payment-dialog';
import { TIN_DIALOG_ID } from '../turn/consent/tin-dialog';
import { PRIVACY_MENU_DIALOG_ID } from '../turn/privacy-menu-dialog';
import { METRIC_REJECTION_REASONS } from '../core/metrics/metric-rule';
import type { DeclaredMetricLabels } from '../core/metrics/metric-vocabulary';
import { DEFAULT_GET_STARTED_PAYLOAD } from '../messenger/messenger-profile';
import { METRIC_DROP_REASONS, METRIC_DROPPED_EVENT } from './counter-layout';
import { ERASURE_SOURCES } from '../core/metrics/metered-erasure';
import { DISCLOSURE_REASONS } from '../turn/disclosure';

/** Channel ids counted by name unless the bot declares its own list: Messenger, the web, Teams, tests. */
export const DEFAULT_METRIC_CHANNELS: readonly string[] = Object.freeze([
  'facebook',
  'webchat',
  'directline',
  'directlinespeech',
  'emulator',
  'msteams',
  'test',
]);

/** Withdraw buttons of *My consents* are numbered per line; this many are declared. */
const WITHDRAW_BUTTONS = 20;

/**
 * The labels the privacy layer itself emits, always declared: its event names, its payloads (menu
 * entries, confirmations, consent answers, withdraw buttons, Get Started), its dialog ids, erasure
 * sources (`ERASURE_SOURCES`), activity types (dimension of `turn`), rejection and drop reasons, and
 * {@link DEFAULT_METRIC_CHANNELS}. A bot adds its own with `FanOutMetricsRecorder`'s `declared` option.
 */
export const PRIVACY_METRIC_LABELS: DeclaredMetricLabels = Object.freeze({
  events: [
    'click',
    'feature.started',
    'feature.completed',
    'feature.abandoned',
    'consent.asked',
    'consent.given',
    'consent.refused',
    'consent.withdrawn',
    'erasure.requested',
    'erasure.completed',
    'erasure.failed',
    'export.requested',
    'export.completed',
    'export.failed',
    'message.in',
    'message.out',
    'disclosure.shown',
    'handover.to_human',
    'handover.to_bot',
    'turn',
    'turn.error',
    'metrics.rejected',
    METRIC_DROPPED_EVENT,
  ],
  payloads: [
    ...Object.values(PRIVACY_PAYLOADS),
    CONSENTS_KEEP_PAYLOAD,
    ...Object.values(CONSENT_PAYLOADS),
    ...Array.from({ length: WITHDRAW_BUTTONS }, (_, i) => withdrawPayload(i + 1)),
    DEFAULT_GET_STARTED_PAYLOAD,
  ],
  dimensions: [
    PRIVACY_MENU_DIALOG_ID,
    CONSENTS_DIALOG_ID,
    CONSENT_GATE_DIALOG_ID,
    TIN_DIALOG_ID,
    PAYMENT_DIALOG_ID,
    ...ERASURE_SOURCES,
    ...DISCLOSURE_REASONS,
    ...PROTOCOL_ACTIVITY_TYPES,
    ...METRIC_REJECTION_REASONS,
    ...METRIC_DROP_REASONS,
  ],
  channels: DEFAULT_METRIC_CHANNELS,
});
