import type { PrivacyTexts } from '../i18n/texts';
import type { PrivacyProfile } from './privacy-profile';

/**
 * The bot state properties the privacy layer itself creates, by what they hold. Created under these
 * names and labelled from this list, so a renamed property cannot lose its translated label.
 */
export const LIBRARY_STATE_PROPERTIES = {
  /** User state: the person's name ({@link PrivacyProfile}). */
  profile: 'privacyProfile',
  /** Conversation state: the privacy dialogs' stack (bookkeeping, never shown). */
  dialogState: 'privacyDialogState',
  /** The person's conversation state: consents declined here, not asked again for a while. */
  consentRefusals: 'privacyConsentRefusals',
  /** The person's conversation state: the sensitive question waiting for their answer. */
  awaitedSensitiveInput: 'privacySensitiveInput',
  /** User state (Messenger): when the person's app-scoped ids were last looked up. */
  accountLinkCheck: 'messengerIdLinkCheck',
  /** The person's conversation state: the PII shield's placeholders and, sealed, their values. */
  shield: 'privacyShield',
  /** The person's conversation state: when they were told the assistant is automated. */
  disclosure: 'privacyDisclosure',
  /** Conversation state (Messenger): whether the bot or a human agent holds the thread. */
  threadControl: 'privacyThreadControl',
} as const;

/** Where a value sits in a stored object: property names, and array positions (from 0). */
export type StatePath = ReadonlyArray<string | number>;

/** One stored value, labelled and worded for a person. */
export interface LabelledValue {
  readonly label: string;
  readonly value: string;
}

type StoredDataText = keyof PrivacyTexts['storedData'];

/** How one field is labelled, and its fixed values (enumerations, booleans) translated. */
interface FieldLabel {
  readonly label: StoredDataText;
  readonly values?: Readonly<Record<string, StoredDataText>>;
}

/** How a library property is labelled: itself, its fields, and whether it is keyed by purpose id first. */
interface PropertyLabels {
  readonly label: StoredDataText;
  readonly byPurpose?: boolean;
  readonly fields: Readonly<Record<string, FieldLabel>>;
}

const YES_NO = { true: 'yes', false: 'no' } as const;

const PROFILE_FIELDS = {
  firstName: { label: 'firstName' },
  lastName: { label: 'lastName' },
  nameSource: {
    label: 'nameSource',
    values: { channel: 'nameFromChannel', profile_api: 'nameFromProfileApi', user: 'nameFromYou' },
  },
  nameCheckedAt: { label: 'nameCheckedAt' },
} satisfies Record<keyof PrivacyProfile, FieldLabel>;

const LIBRARY_LABELS: ReadonlyMap<string, PropertyLabels> = new Map<string, PropertyLabels>([
  [LIBRARY_STATE_PROPERTIES.profile, { label: 'profile', fields: PROFILE_FIELDS }],
  [
    LIBRARY_STATE_PROPERTIES.consentRefusals,
    {
      label: 'consentRefusals',
      byPurpose: true,
      fields: { version: { label: 'refusedVersion' }, at: { label: 'refusedAt' } },
    },
  ],
  [
    LIBRARY_STATE_PROPERTIES.awaitedSensitiveInput,
    {
      label: 'awaitedAnswer',
      fields: { kind: { label: 'awaitedKind', values: { tax_id: 'taxId', card: 'card' } } },
    },
  ],
  [
    LIBRARY_STATE_PROPERTIES.disclosure,
    {
      label: 'disclosure',
      fields: {
        toldAt: { label: 'disclosureToldAt' },
        seenAt: { label: 'disclosureSeenAt' },
        handback: { label: 'disclosureHandback', values: YES_NO },
      },
    },
  ],
  [
    LIBRARY_STATE_PROPERTIES.threadControl,
    {
      label: 'threadControl',
      fields: {
        holder: { label: 'threadHolder', values: { human: 'threadHuman', bot: 'threadBot' } },
        since: { label: 'threadSince' },
        forPrivacy: { label: 'threadForPrivacy', values: YES_NO },
      },
    },
  ],
  [
    LIBRARY_STATE_PROPERTIES.accountLinkCheck,
    {
      label: 'accountLink',
      fields: {
        checkedAt: { label: 'accountLinkCheckedAt' },
        linked: { label: 'accountLinked', values: YES_NO },
      },
    },
  ],
]);

/**
 * Labels a stored value for the Privacy Center. The privacy layer's own properties are labelled from the
 * text catalogue in the person's language (`Tu perfil › Nombre`), their fixed values translated, a
 * purpose id shown as the purpose's description when `purposes` has it. Anything else is the bot's own
 * state: the library cannot know what its property names mean, so they are made readable instead
 * (`bookingDetails[0]` -> `Booking details › 1`), in whatever language the bot named them.
 */
export function labelStoredValue(
  path: StatePath,
  value: string,
  texts: PrivacyTexts,
  purposes: ReadonlyMap<string, string> = new Map(),
): LabelledValue {
  const [property, ...rest] = path;
  const labels = typeof property === 'string' ? LIBRARY_LABELS.get(property) : undefined;
  if (!labels) return { label: readableLabel(path), value };
  const words = texts.storedData;
  const parts = [words[labels.label]];
  let fieldPath = rest;
  if (labels.byPurpose && typeof rest[0] === 'string') {
    parts.push(purposes.get(rest[0]) ?? rest[0]);
    fieldPath = rest.slice(1);
  }
  const [fieldName, ...deeper] = fieldPath;
  const field =
    typeof fieldName === 'string' && Object.hasOwn(labels.fields, fieldName)
      ? labels.fields[fieldName]
      : undefined;
  if (!field) return { label: [...parts, readableLabel(fieldPath)].filter(Boolean).join(' › '), value };
  parts.push(words[field.label]);
  if (deeper.length > 0) parts.push(readableLabel(deeper));
  const fixed = field.values && Object.hasOwn(field.values, value) ? field.values[value] : undefined;
  return { label: parts.join(' › '), value: fixed ? words[fixed] : value };
}

/** `['bookingDetails', 0, 'service_type']` -> `Booking details › 1 › Service type`. */
function readableLabel(path: StatePath): string {
  return path
    .map((part) => {
      if (typeof part === 'number') return String(part + 1);
      const words = part
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/[_-]+/g, ' ')
        .toLowerCase()
        .trim();
      return words.charAt(0).toUpperCase() + words.slice(1);
    })
    .filter(Boolean)
    .join(' › ');
}
