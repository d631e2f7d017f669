import { localize, type DataInventoryItem, type LocalizedText } from './inventory';

/** What the terms say about the assistant being automated (omitted when the disclosure is off). */
export interface AutomatedAssistantTerms {
  /** The language-model provider that receives what people write, when the bot uses one. */
  modelProvider?: { name: string; receives: LocalizedText };
}

/** The texts a terms-of-use summary is made of (one language). Placeholders as in the i18n tables. */
export interface TermsTexts {
  intro: string;
  item: string;
  optional: string;
  required: string;
  anonymousMetrics: string;
  /** That the assistant is automated (said unless the bot turned the disclosure off). */
  automated: string;
  /** Which language-model provider receives what: `{provider}`, `{receives}`. */
  modelProvider: string;
  rights: string;
  policy: string;
  legalBasis: Record<DataInventoryItem['legalBasis'], string>;
}

/**
 * A plain summary of every piece of data the bot collects or provides: that the assistant is automated
 * (and which model provider receives what, when configured), then what, why, legal basis, how long,
 * who receives it and whether it is optional, then the anonymous metrics, the person's rights and the
 * policy link. Generated from the brand's data inventory, so it never drifts from the configuration.
 */
export function renderTerms(
  inventory: readonly DataInventoryItem[],
  texts: TermsTexts,
  language: string,
  brand: { name: string; policyUrl: string },
  automated?: AutomatedAssistantTerms,
): string {
  const fill = (template: string, values: Record<string, string>) =>
    template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  const lines = [fill(texts.intro, { brand: brand.name })];
  if (automated) {
    lines.push(texts.automated);
    const provider = automated.modelProvider;
    if (provider) {
      lines.push(
        fill(texts.modelProvider, {
          provider: provider.name,
          receives: localize(provider.receives, language),
        }),
      );
    }
  }
  for (const item of inventory) {
    lines.push(
      fill(texts.item, {
        what: localize(item.what, language),
        why: localize(item.why, language),
        basis: texts.legalBasis[item.legalBasis],
        retention: localize(item.retention, language),
        recipients: localize(item.recipients, language),
        optionality: item.optional ? texts.optional : texts.required,
      }).trim(),
    );
  }
  lines.push(
    texts.anonymousMetrics,
    '',
    fill(texts.rights, { brand: brand.name }),
    fill(texts.policy, { policyUrl: brand.policyUrl }),
  );
  return lines.join('\n');
}
