import type { Purpose, PurposeRetention } from './consent/purpose';
import { ConfigurationError } from './errors';
import {
  localize,
  validateInventory,
  type DataInventoryItem,
  type LegalBasis,
  type LocalizedText,
} from './inventory';

/** The safeguards the privacy layer itself provides, each implemented in one place. */
export type SafeguardId =
  'pseudonymisation' | 'encryption' | 'redaction' | 'erasure' | 'consent' | 'export' | 'audit' | 'retention';

/** The wording of the record in one language (the catalogue is `RECORD_TEXTS` in src/i18n/record-texts.ts). */
export interface RecordTexts {
  /** Page title and heading; {brand}. */
  title: string;
  /** {date}: when it was produced. */
  generated: string;
  intro: string;
  controllerTitle: string;
  controller: string;
  contact: string;
  policy: string;
  /** Shown for a field the brand did not declare. */
  notDeclared: string;
  activitiesTitle: string;
  data: string;
  purpose: string;
  legalBasis: string;
  retention: string;
  recipients: string;
  optional: string;
  yes: string;
  no: string;
  /** The processing needs the person's consent first; {version}: policy version. */
  consentGate: string;
  sensitive: string;
  purposesTitle: string;
  categories: string;
  subjectsTitle: string;
  /** The category of people when the brand declares none. */
  defaultSubjects: string;
  recipientsTitle: string;
  /** When nobody receives data besides the brand. */
  noRecipients: string;
  transfersTitle: string;
  safeguardsTitle: string;
  measure: string;
  implementedIn: string;
  legalBases: Readonly<Record<LegalBasis, string>>;
  /** Retention of a purpose: {days}. */
  retentionDays: string;
  retentionUntilWithdrawn: string;
  retentionNotStored: string;
  safeguards: Readonly<Record<SafeguardId, string>>;
}

/** What the record is built from: the brand, its data inventory and purposes, and what only it can say. */
export interface RecordOfProcessingSource {
  /** The controller: its name and policy as in createPrivacy, and how to reach it (Art. 30(1)(a)). */
  readonly brand: {
    readonly name: string;
    readonly policyUrl: string;
    /** Contact of the controller or its data protection officer, e.g. `privacy@example.com`. */
    readonly contact?: string;
  };
  /** The data inventory the bot runs with (createPrivacy's `inventory`). */
  readonly inventory: readonly DataInventoryItem[];
  /** The consent purposes the bot runs with (createPrivacy's `consents.purposes`). */
  readonly purposes?: readonly Purpose[];
  /** Categories of people whose data is processed. Default: people who write to the bot. */
  readonly subjects?: LocalizedText;
  /** Transfers to third countries and their safeguards (Art. 30(1)(e)), e.g. "none". */
  readonly transfers?: LocalizedText;
  /**
   * The language model service free text goes to, when the bot calls one (createPrivacy's
   * `disclosure.modelProvider`): listed among the recipients with what it receives.
   */
  readonly modelProvider?: { readonly name: string; readonly receives: LocalizedText };
}

/** One processing activity: an item of the data inventory. */
export interface ProcessingActivity {
  readonly id: string;
  readonly data: string;
  readonly purpose: string;
  readonly legalBasis: LegalBasis;
  readonly legalBasisText: string;
  readonly retention: string;
  readonly recipients: string;
  readonly optional: boolean;
}

/** A purpose that needs consent, as the record lists it. */
export interface RecordPurpose {
  readonly id: string;
  readonly description: string;
  /** fideslang data categories. */
  readonly dataCategories: readonly string[];
  readonly legalBasis: LegalBasis;
  readonly legalBasisText: string;
  readonly retention: string;
  readonly recipients: readonly string[];
  readonly policyVersion: string;
  readonly sensitive: boolean;
}

/** A measure the privacy layer implements, and where. */
export interface RecordSafeguard {
  readonly id: SafeguardId;
  readonly measure: string;
  /** Files of botbuilder-privacy that implement it. */
  readonly implementedIn: readonly string[];
}

/** The record of processing activities (GDPR Art. 30(1)) in one language. */
export interface RecordOfProcessing {
  readonly language: string;
  /** ISO 8601 time it was produced. */
  readonly generatedAt: string;
  readonly controller: { readonly name: string; readonly contact?: string; readonly policyUrl: string };
  readonly activities: readonly ProcessingActivity[];
  readonly purposes: readonly RecordPurpose[];
  /** Categories of data: the inventory's items and the purposes' data categories. */
  readonly dataCategories: readonly string[];
  readonly subjectCategories: readonly string[];
  /** Everyone who receives data besides the controller, once each. */
  readonly recipients: readonly string[];
  readonly transfers?: string;
  readonly safeguards: readonly RecordSafeguard[];
  /**
   * Art. 30 fields the brand has not declared (`brand.contact`, `transfers`): shown as "not declared" and
   * named by the command, so they are filled in rather than forgotten.
   */
  readonly missing: readonly string[];
}

/** Where each safeguard lives in this library (paths from the package root's src/). */
const SAFEGUARDS: ReadonlyArray<readonly [SafeguardId, readonly string[]]> = [
  ['pseudonymisation', ['src/core/subject.ts']],
  ['encryption', ['src/core/sensitive/envelope-cipher.ts', 'src/storage/redis-sensitive-value-store.ts']],
  ['redaction', ['src/core/sensitive/redaction.ts', 'src/turn/consent/sensitive-input-guard.ts']],
  ['erasure', ['src/core/erasure.ts', 'src/storage/redis-keyspace.ts', 'src/messenger/data-deletion.ts']],
  ['consent', ['src/core/consent/consent-receipt.ts', 'src/turn/consent/consent-gate-dialog.ts']],
  ['export', ['src/core/data-export.ts', 'src/server/privacy-center-router.ts']],
  [
    'audit',
    ['src/core/audit/audit-chain.ts', 'src/core/audit/audited-seams.ts', 'src/storage/redis-audit-log.ts'],
  ],
  [
    'retention',
    [
      'src/storage/transcript-history.ts',
      'src/storage/redis-transcript-store.ts',
      'src/storage/redis-sensitive-value-store.ts',
    ],
  ],
];

function retentionOf(retention: PurposeRetention, texts: RecordTexts): string {
  if (retention === 'not_stored') return texts.retentionNotStored;
  if (retention === 'until_withdrawn') return texts.retentionUntilWithdrawn;
  return texts.retentionDays.replace('{days}', String(retention.days));
}

/**
 * Builds the record of processing activities in `language` from the brand's inventory and purposes:
 * pure, so the command, a test or the brand's own tooling get the same record.
 * @throws ConfigurationError when the inventory is invalid (the same check as createPrivacy).
 */
export function buildRecordOfProcessing(
  source: RecordOfProcessingSource,
  language: string,
  texts: RecordTexts,
  now: Date = new Date(),
): RecordOfProcessing {
  if (!source?.brand || typeof source.brand.name !== 'string' || !source.brand.name.trim())
    throw new ConfigurationError('The record needs brand.name: the controller.');
  validateInventory(source.inventory);
  const purposes = source.purposes ?? [];
  const activities = source.inventory.map((item) => ({
    id: item.id,
    data: localize(item.what, language),
    purpose: localize(item.why, language),
    legalBasis: item.legalBasis,
    legalBasisText: texts.legalBases[item.legalBasis],
    retention: localize(item.retention, language),
    recipients: localize(item.recipients, language),
    optional: item.optional,
  }));
  const recordPurposes = purposes.map((purpose) => ({
    id: purpose.id,
    description: localize(purpose.description, language),
    dataCategories: [...purpose.dataCategories],
    legalBasis: purpose.legalBasis,
    legalBasisText: texts.legalBases[purpose.legalBasis],
    retention: retentionOf(purpose.retention, texts),
    recipients: [...purpose.recipients],
    policyVersion: purpose.policyVersion,
    sensitive: purpose.sensitive === true,
  }));
  const contact = source.brand.contact?.trim() || undefined;
  const transfers = source.transfers ? localize(source.transfers, language) : undefined;
  return {
    language,
    generatedAt: now.toISOString(),
    controller: {
      name: source.brand.name.trim(),
      ...(contact ? { contact } : {}),
      policyUrl: source.brand.policyUrl,
    },
    activities,
    purposes: recordPurposes,
    dataCategories: [
      ...new Set([...activities.map((a) => a.data), ...purposes.flatMap((p) => p.dataCategories)]),
    ],
    subjectCategories: [source.subjects ? localize(source.subjects, language) : texts.defaultSubjects],
    recipients: [
      ...new Set([
        ...purposes.flatMap((p) => p.recipients),
        ...(source.modelProvider
          ? [`${source.modelProvider.name}: ${localize(source.modelProvider.receives, language)}`]
          : []),
      ]),
    ],
    ...(transfers ? { transfers } : {}),
    safeguards: SAFEGUARDS.map(([id, implementedIn]) => ({
      id,
      measure: texts.safeguards[id],
      implementedIn,
    })),
    missing: [...(contact ? [] : ['brand.contact']), ...(transfers ? [] : ['transfers'])],
  };
}
