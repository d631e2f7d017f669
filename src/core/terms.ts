import { localize, type DataInventoryItem } from './inventory';

/** The texts a terms-of-use summary is made of (one language). Placeholders as in the i18n tables. */
export interface TermsTexts {
  intro: string;
  item: string;
  optional: string;
  required: string;
  anonymousMetrics: string;
  rights: string;
  policy: string;
  legalBasis: Record<DataInventoryItem['legalBasis'], string>;
}

/**
 * A plain summary of every piece of data the bot collects or provides: what, why, legal basis, how long,
 * who receives it and whether it is optional, then the anonymous metrics, the person's rights and the
 * policy link. Generated from the brand's data inventory, so it never drifts from the configuration.
 */
export function renderTerms(
  inventory: readonly DataInventoryItem[],
  texts: TermsTexts,
  language: string,
  brand: { name: string; policyUrl: string },
): string {
  const fill = (template: string, values: Record<string, string>) =>
    template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  const lines = [fill(texts.intro, { brand: brand.name })];
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
