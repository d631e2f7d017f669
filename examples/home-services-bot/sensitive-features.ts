import type { TurnContext } from 'botbuilder';
import { WaterfallDialog, type Dialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { format, type PaymentDialogResult, type TinDialogResult } from '../../src';
import type { ConsentFeatures } from '../../src';
import type { CustomerApi, CustomerInvoices } from './customer-api';
import { textsFor } from './texts';

const FOUND = Symbol('invoices found by tax id');

/** Where the `onTin` callback leaves the customer it found, for the invoice dialog's next step. */
export function rememberInvoices(context: TurnContext, found: CustomerInvoices | null): void {
  context.turnState.set(FOUND, found);
}

/** `invoice`: consent, the tax id, a lookup in the brand's customer API, the answer. */
export function invoiceDialog(consent: ConsentFeatures): Dialog {
  return new WaterfallDialog('invoice', [
    (step) => step.beginDialog(consent.tinDialog.id, { purposeId: 'invoice' }),
    async (step: WaterfallStepContext) => {
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
    async (step: WaterfallStepContext) => {
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

/** The `onTin` callback: the tax id is used for this lookup only. */
export function lookUpInvoices(api: CustomerApi) {
  return async (context: TurnContext, tin: { value: string }) => {
    rememberInvoices(context, (await api.findInvoices(tin.value)) ?? null);
  };
}
