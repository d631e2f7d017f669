import express from 'express';
import { ConfigurationError, StorageUnavailableError } from '../../src/core/errors';
import { Localizer } from '../../src/i18n/localizer';
import { MemoryKeyspace } from '../../src/storage/memory-keyspace';
import { MemoryPrivacyCenterGrants } from '../../src/storage/memory-privacy-center-grants';
import { PrivacyCenterLinks, type PrivacyCenterGrants } from '../../src/core/privacy-center-link';
import { checkPageBrand } from '../../src/server/html-page';
import { erasureReceipt } from '../../src/core/erasure';
import { privacyCenterRouter } from '../../src/server/privacy-center-router';
import { type DataSubject } from '../../src/core/subject';
import { type PrivacyCenterBackend, type PrivacyCenterView } from '../../src/core/privacy-center';
import type { ExportSink } from '../../src/core/export-writer';
import { listen } from '../messenger/listen';

// The router over real HTTP with a small in-process backend at its seam: failures, branding, bad input.

const ana: DataSubject = { channelId: 'webchat', userId: 'ana-0001' };
const VIEW: PrivacyCenterView = {
  name: 'Ana <b>Ruiz</b>',
  history: [{ at: '2026-11-01T10:00:00.000Z', fromYou: true, text: '<script>alert(1)</script>' }],
  saved: [{ label: 'Booking › Day', value: 'Tuesday' }],
  sensitive: [],
  consents: [
    {
      purposeId: 'invoice',
      purpose: 'Your tax id',
      state: 'given',
      since: '2026-11-01T10:00:00.000Z',
      withdrawable: true,
    },
  ],
  hasData: true,
};

class TestBackend implements PrivacyCenterBackend {
  failing = false;
  erased = 0;
  withdrawn: string[] = [];
  /** Pages the history as a store does: one cursor, and a RangeError for any other. */
  cursors = false;
  async view(_subject: DataSubject, _language: string, options: { before?: string } = {}) {
    if (this.failing) throw new StorageUnavailableError('read');
    if (!this.cursors) return VIEW;
    if (options.before === undefined) return { ...VIEW, olderCursor: '1700000000000.7' };
    if (options.before !== '1700000000000.7') throw new RangeError('not a cursor');
    return VIEW;
  }
  /** Fails after the first chunk of the download was sent. */
  failingMidStream = false;
  async writeExport(_subject: DataSubject, sink: ExportSink) {
    if (this.failing) throw new StorageUnavailableError('read');
    await sink.write('{\n  "exportedAt": "2026-11-01T10:00:00.000Z",\n  "sections": [');
    if (this.failingMidStream) throw new StorageUnavailableError('read');
    await sink.write(']\n}');
  }
  async withdraw(_subject: DataSubject, purposeId: string) {
    if (purposeId !== 'invoice') return false;
    this.withdrawn.push(purposeId);
    return true;
  }
  async erase() {
    if (this.failing) throw new StorageUnavailableError('erase');
    this.erased += 1;
    return erasureReceipt('digest', 3, true);
  }
}

async function setUp(
  grants: PrivacyCenterGrants = new MemoryPrivacyCenterGrants({ keyspace: new MemoryKeyspace() }),
) {
  const backend = new TestBackend();
  const server = await listen((req, res) => app(req, res));
  const links = new PrivacyCenterLinks({ secret: 's'.repeat(32), grants, baseUrl: 'http://unused.example' });
  const errors: unknown[] = [];
  const app = express().use(
    privacyCenterRouter({
      links,
      backend,
      localizer: new Localizer(),
      brand: {
        name: 'Acme & Co',
        logoUrl: 'https://cdn.example.com/logo.png',
        colors: { primary: '#112233' },
      },
      policyUrl: 'https://acme.example/privacy',
      onError: (error) => errors.push(error),
    }),
  );
  const { token } = await links.issue(ana, 'en');
  const page = `${server.url}/privacy/center/${token}`;
  const csrf = async () => /name="csrf" value="([^"]+)"/.exec(await (await fetch(page)).text())![1];
  const post = (path: string, body: string) =>
    fetch(`${page}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  return { backend, server, page, csrf, post, errors };
}

it('escapes everything it shows, and brands the page (colour, logo allowed by the CSP)', async () => {
  const { server, page } = await setUp();
  try {
    const response = await fetch(page);
    const html = await response.text();
    expect(html).toContain('Ana &#60;b&#62;Ruiz&#60;/b&#62;');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('--primary:#112233');
    expect(html).toContain('<img class="logo" src="https://cdn.example.com/logo.png" alt="">');
    expect(html).toContain('Acme &#38; Co');
    expect(html).not.toContain(ana.userId);
    expect(response.headers.get('content-security-policy')).toContain('img-src https://cdn.example.com;');
  } finally {
    await server.close();
  }
});

it('withdraws with the CSRF token and redirects back with a notice; an unknown purpose changes nothing', async () => {
  const { server, page, csrf, post, backend } = await setUp();
  try {
    const token = await csrf();
    const done = await post('/withdraw', `purpose=invoice&csrf=${encodeURIComponent(token)}`);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${new URL(page).pathname}?withdrawn=invoice`);
    const unknown = await post('/withdraw', `purpose=nothing&csrf=${encodeURIComponent(token)}`);
    expect(unknown.status).toBe(303);
    expect(unknown.headers.get('location')).toBe(new URL(page).pathname);
    expect(backend.withdrawn).toEqual(['invoice']);
    const shown = await (await fetch(`${page}?withdrawn=invoice`)).text();
    expect(shown).toContain('Done, consent withdrawn: Your tax id');
  } finally {
    await server.close();
  }
});

it('answers 503 (and erases nothing) when storage fails, and the link keeps working', async () => {
  const { server, page, csrf, post, backend, errors } = await setUp();
  try {
    const token = await csrf();
    backend.failing = true;
    const view = await fetch(page);
    expect(view.status).toBe(503);
    expect(await view.text()).toContain('not available right now');
    const erase = await post('/delete', `csrf=${encodeURIComponent(token)}`);
    expect(erase.status).toBe(503);
    expect(await erase.text()).toContain('deleting your data failed');
    expect(backend.erased).toBe(0);
    expect(errors.length).toBe(2);
    backend.failing = false;
    expect((await fetch(page)).status).toBe(200);
  } finally {
    await server.close();
  }
});

it('a download that fails before its first byte gets the 503 page; one that fails midway is cut off, not completed', async () => {
  const { server, page, backend, errors } = await setUp();
  try {
    const whole = await fetch(`${page}/my-data.json`);
    expect(whole.status).toBe(200);
    expect(JSON.parse(await whole.text())).toEqual({ exportedAt: '2026-11-01T10:00:00.000Z', sections: [] });

    backend.failing = true;
    const before = await fetch(`${page}/my-data.json`);
    expect(before.status).toBe(503);
    expect(before.headers.get('content-disposition')).toBeNull();
    backend.failing = false;

    backend.failingMidStream = true;
    // The connection is aborted (the headers may or may not have arrived): never a complete-looking file.
    const midway = await fetch(`${page}/my-data.json`).then(
      (response) =>
        response.text().then(
          () => 'complete',
          () => 'cut off',
        ),
      () => 'cut off',
    );
    expect(midway).toBe('cut off');
    expect(errors.length).toBe(2);
    backend.failingMidStream = false;
    // The server is still up and the link still works.
    expect((await fetch(`${page}/my-data.json`)).status).toBe(200);
  } finally {
    await server.close();
  }
});

it('refuses a history cursor it did not hand out with 400, and pages with one it did', async () => {
  const { server, page, backend } = await setUp();
  try {
    backend.cursors = true;
    const first = await (await fetch(page)).text();
    expect(first).toContain(`href="${new URL(page).pathname}?before=1700000000000.7"`);
    expect(first).toContain('Older messages');
    expect(first).not.toContain('id="newest-link"');
    const older = await fetch(`${page}?before=1700000000000.7`);
    expect(older.status).toBe(200);
    expect(await older.text()).toContain('id="newest-link"');
    for (const bad of ['?before=psid-4711', '?before=1.2&before=3.4']) {
      const refused = await fetch(`${page}${bad}`);
      expect([bad, refused.status]).toEqual([bad, 400]);
      expect(await refused.text()).not.toContain('psid-4711');
    }
  } finally {
    await server.close();
  }
});

it('answers 503 when the link store cannot answer, and 400 to an oversized form', async () => {
  const grants = new MemoryPrivacyCenterGrants({ keyspace: new MemoryKeyspace() });
  let down = false;
  const flaky: PrivacyCenterGrants = {
    save: (s, id, at) => grants.save(s, id, at),
    has: async (s, id) => {
      if (down) throw new StorageUnavailableError('read');
      return grants.has(s, id);
    },
  };
  const { server, page, post } = await setUp(flaky);
  try {
    down = true;
    expect((await fetch(page)).status).toBe(503);
    down = false;
    const big = await post('/withdraw', `purpose=${'x'.repeat(10_000)}`);
    expect(big.status).toBe(400);
    expect(await big.text()).not.toMatch(/at .*\.(ts|js)|node_modules/);
  } finally {
    await server.close();
  }
});

it('refuses brand colours and logos that could break out of CSS or HTML', () => {
  expect(() => checkPageBrand({ name: 'A', colors: { primary: 'red;}body{display:none' } })).toThrow(
    ConfigurationError,
  );
  expect(() => checkPageBrand({ name: 'A', colors: { shadow: '#000' } as never })).toThrow(
    /Unknown brand colour/,
  );
  expect(() => checkPageBrand({ name: 'A', logoUrl: 'javascript:alert(1)' })).toThrow(/logoUrl/);
  expect(() => checkPageBrand({ name: ' ' })).toThrow(/name/);
  expect(checkPageBrand({ name: 'A', colors: { primary: '#0a7' } }).colors.primary).toBe('#0a7');
});
