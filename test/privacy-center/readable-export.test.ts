import { readableExport } from '../../src/turn/export-description';

// The Privacy Center shows what *My data* holds, made readable: messages, labels instead of JSON paths.

it('turns an export into name, history, labelled values and kept sensitive values', () => {
  const view = readableExport({
    exportedAt: '2026-11-29T00:00:00.000Z',
    sections: [
      {
        kind: 'state',
        label: 'facebook/users/you/',
        data: {
          privacyProfile: { firstName: 'Ana', lastName: 'Ruiz' },
          booking: { service_type: 'Plumbing' },
        },
      },
      {
        kind: 'state',
        label: 'facebook/conversations/you/',
        data: { DialogState: { dialogStack: [{ id: 'x' }] }, visits: ['Mon', 'Tue'] },
      },
      {
        kind: 'transcript',
        label: 'facebook/conversations/you/transcript',
        data: [
          { timestamp: '2026-11-02T10:00:01.000Z', from: 'bot', text: 'Hello Ana' },
          { timestamp: '2026-11-02T10:00:00.000Z', from: 'user', text: 'hi' },
        ],
      },
      { kind: 'consent', label: 'consent/invoice', data: { purposeId: 'invoice' } },
      {
        kind: 'sensitive',
        label: 'sensitive/payment',
        data: { purpose: 'payment', stored: true, expires: '2027-01-01T00:00:00.000Z' },
      },
    ],
  });
  expect(view.name).toBe('Ana Ruiz');
  expect(view.history).toEqual([
    { at: '2026-11-02T10:00:00.000Z', fromYou: true, text: 'hi' },
    { at: '2026-11-02T10:00:01.000Z', fromYou: false, text: 'Hello Ana' },
  ]);
  expect(view.saved).toEqual([
    { label: 'Privacy profile › First name', value: 'Ana' },
    { label: 'Privacy profile › Last name', value: 'Ruiz' },
    { label: 'Booking › Service type', value: 'Plumbing' },
    { label: 'Visits › 1', value: 'Mon' },
    { label: 'Visits › 2', value: 'Tue' },
  ]);
  expect(view.sensitive).toEqual([{ purpose: 'payment', until: '2027-01-01T00:00:00.000Z' }]);
  expect(view.hasData).toBe(true);
});

it('says when nothing is held', () => {
  const view = readableExport({ exportedAt: '2026-11-29T00:00:00.000Z', sections: [] });
  expect(view).toEqual({ name: undefined, history: [], saved: [], sensitive: [], hasData: false });
});
