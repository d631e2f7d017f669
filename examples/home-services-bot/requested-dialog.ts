import { normalizeAnswer, wordList } from '../../src';
import { textsFor } from './texts';

/**
 * Which Home Services conversation a message asks for (`book`, `invoice`, `pay` in the person's language),
 * as the id of the dialog to start; undefined for anything else (the bot greets). The same rule on both hosts.
 */
export function requestedDialog(
  text: string | undefined,
  locale: string | undefined,
  dialogIds: { book: string; invoice?: string; payment?: string },
): string | undefined {
  const texts = textsFor(locale);
  const said = normalizeAnswer(text ?? '');
  const means = (words: string) => wordList(words).includes(said);
  if (means(texts.bookWords)) return dialogIds.book;
  if (dialogIds.invoice && means(texts.invoiceWords)) return dialogIds.invoice;
  if (dialogIds.payment && means(texts.payWords)) return dialogIds.payment;
  return undefined;
}
