/**
 * A stand-in for the brand's own customer system: finds a customer's open invoices by tax id. The tax id
 * is used for this one lookup and not kept (the purpose `invoice` declares no retention).
 */
export interface CustomerInvoices {
  customer: string;
  openInvoices: number;
  totalDue: string;
}

// Keys are compact tax ids (no spaces or dashes), as the tax id dialog hands them over.
const CUSTOMERS = new Map<string, CustomerInvoices>([
  ['12345678Z', { customer: 'C-1001', openInvoices: 2, totalDue: '€184.50' }],
  ['X1234567L', { customer: 'C-1002', openInvoices: 1, totalDue: '€60.00' }],
  ['8112289874', { customer: 'C-2001', openInvoices: 1, totalDue: '1 250 kr' }],
  ['5560360793', { customer: 'C-2002', openInvoices: 3, totalDue: '9 800 kr' }],
  ['536904321', { customer: 'C-3001', openInvoices: 1, totalDue: '$95.00' }],
]);

export interface CustomerApi {
  findInvoices(taxId: string): Promise<CustomerInvoices | undefined>;
}

export const fakeCustomerApi: CustomerApi = {
  async findInvoices(taxId) {
    return CUSTOMERS.get(taxId.replace(/[^0-9A-Z]/gi, '').toUpperCase());
  },
};
