import { WaterfallDialog, type Dialog } from '@microsoft/agents-hosting-dialogs';
import { format } from '../../src';
import type { ConsentFeatures, PaymentDialogResult, TinDialogResult, TurnContext } from '../../src/agents';
import type { CustomerApi, CustomerInvoices } from '../home-services-bot/customer-api';
import { textsFor } from '../home-services-bot/texts';

const FOUND = Symbol('invoices found by tax id');

/** `invoice`: consent, the tax id, a lookup in the brand's customer API, the answer. */
export function invoiceDialog(consent: ConsentFeatures): Dialog {
  return new WaterfallDialog('invoice', [
    (step) => step.beginDialog(consent.tinDialog.id, { purposeId: 'invoice' }),
    async (step) => {
      const texts = textsFor(step.context.activity.locale);
      const result = step.result as TinDialogResult;
      if (result.status === 'granted') {
        const found = step.context.turnState.get(FOUND) as CustomerInvoices | null | undefined;
        await step.context.sendActivity(
          found
            ? format(texts.invoiceFound, {
                customer: found.customer,
                count: found.openInvoices,
                amount: found.totalDue,
              })
            : texts.invoiceNotFound,
        );
      } else if (result.status === 'declined') {
        await step.context.sendActivity(texts.invoiceWithoutTin);
      }
      return step.endDialog();
    },
  ]);
}

/** `pay`: consent, then a secure payment link (Messenger) or the card in chat (web chat). */
export function payDialog(consent: ConsentFeatures): Dialog {
  return new WaterfallDialog('pay', [
    (step) => step.beginDialog(consent.paymentDialog.id, { purposeId: 'payment' }),
    async (step) => {
      const texts = textsFor(step.context.activity.locale);
      const result = step.result as PaymentDialogResult;
      if (result.status === 'granted' && result.method === 'in_chat') {
        await step.context.sendActivity(
          format(texts.paid, { brand: result.card.brandName, last4: result.card.last4 }),
        );
      } else if (result.status === 'declined') {
        await step.context.sendActivity(texts.payWithoutConsent);
      }
      return step.endDialog();
    },
  ]);
}

/** The `onTin` callback: the tax id is used for this lookup only, its result kept for this turn. */
export function lookUpInvoices(api: CustomerApi) {
  return async (context: TurnContext, tin: { value: string }) => {
    context.turnState.set(FOUND, (await api.findInvoices(tin.value)) ?? null);
  };
}
