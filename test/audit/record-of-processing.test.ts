import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { recordSource } from '../../examples/home-services-bot/record-of-processing';
import { runPrivacyCli } from '../../src/cli/privacy/privacy-cli';
import { buildRecordOfProcessing, type RecordOfProcessing } from '../../src/core/record-of-processing';
import { RECORD_TEXTS } from '../../src/i18n/record-texts';
import { artifactsDir, launchChromium } from '../support/browser';

const REPO = path.join(__dirname, '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'record-'));

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPrivacyCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('buildRecordOfProcessing', () => {
  const record = buildRecordOfProcessing(
    recordSource,
    'en',
    RECORD_TEXTS.en,
    new Date('2026-12-01T10:00:00Z'),
  );

  it('holds the controller, every inventory item, the purposes, people, recipients and transfers', () => {
    expect(record.controller).toEqual({
      name: 'Home Services',
      contact: 'privacy@home-services.example',
      policyUrl: 'https://example.com/home-services/privacy',
    });
    expect(record.activities.map((a) => a.id)).toEqual(['name', 'chat_history', 'tax_id', 'payment']);
    expect(record.activities[1]).toMatchObject({
      data: 'The chat history',
      legalBasis: 'contract',
      legalBasisText: 'Contract (Art. 6(1)(b))',
      // The history cap the bot runs with (PRIVACY_HISTORY_MAX_DAYS / _ENTRIES, defaults 90 and 1000).
      retention: 'the last 90 days, at most 1,000 messages (yours and ours) per conversation',
      optional: false,
    });
    expect(record.purposes.map((p) => [p.id, p.retention, p.recipients])).toEqual([
      ['invoice', 'not stored: used once', []],
      ['payment', '365 days', ['Example Payments Ltd.']],
    ]);
    expect(record.dataCategories).toEqual(expect.arrayContaining(['user.government_id', 'The chat history']));
    expect(record.subjectCategories[0]).toMatch(/^Customers and prospective customers/);
    expect(record.recipients).toEqual(['Example Payments Ltd.']);
    expect(record.transfers).toMatch(/None outside the EU/);
    expect(record.missing).toEqual([]);
  });

  it('names each safeguard (encryption, redaction, erasure...) with files that exist', () => {
    expect(record.safeguards.map((s) => s.id)).toEqual(
      expect.arrayContaining(['encryption', 'redaction', 'erasure', 'audit', 'pseudonymisation']),
    );
    for (const safeguard of record.safeguards) {
      expect(safeguard.implementedIn.length).toBeGreaterThan(0);
      for (const file of safeguard.implementedIn) expect(existsSync(path.join(REPO, file))).toBe(true);
    }
  });

  it('names what the brand did not declare (contact, transfers)', () => {
    const bare = buildRecordOfProcessing(
      { brand: { name: 'B', policyUrl: 'https://b.example/p' }, inventory: recordSource.inventory },
      'sv',
      RECORD_TEXTS.sv,
    );
    expect(bare.missing).toEqual(['brand.contact', 'transfers']);
    expect(bare.subjectCategories).toEqual([RECORD_TEXTS.sv.defaultSubjects]);
  });

  it('lists the language model service among the recipients, with what it receives', () => {
    const withModel = buildRecordOfProcessing(
      {
        ...recordSource,
        modelProvider: { name: 'Model Co', receives: { en: 'free text', es: 'texto libre' } },
      },
      'es',
      RECORD_TEXTS.es,
    );
    expect(withModel.recipients).toContain('Model Co: texto libre');
    expect(record.recipients.some((recipient) => recipient.startsWith('Model Co'))).toBe(false);
  });

  it('refuses an inventory with a missing field, naming the item and the field', () => {
    const [first, ...rest] = recordSource.inventory;
    const { why: _why, ...withoutWhy } = first;
    expect(() =>
      buildRecordOfProcessing(
        { ...recordSource, inventory: [withoutWhy as typeof first, ...rest] },
        'en',
        RECORD_TEXTS.en,
      ),
    ).toThrow(/data inventory item 1 \("name"\) needs "why"/);
  });
});

describe('npm run privacy -- record', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('--lang es --html: a self-contained Spanish page with the purposes, shown in Chromium', async () => {
    const file = path.join(dir, 'registro.html');
    const result = await cli(['record', '--lang', 'es', '--html', file]);
    expect(result).toMatchObject({ code: 0, err: expect.stringContaining(file) });
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Registro de actividades de tratamiento: Home Services');
    expect(html).toContain('Tu NIF, para buscar tus facturas en nuestro sistema de clientes');
    expect(html).toContain('Tu tarjeta de pago, para cobrar el servicio que reservaste');
    expect(html).toContain('Consentimiento (art. 6.1.a)');
    expect(html).not.toMatch(/<script|<link|src="http/);

    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const blocked: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) blocked.push(request.url());
    });
    await page.goto(`file://${file}`);
    expect(await page.locator('h1').textContent()).toBe(
      'Registro de actividades de tratamiento: Home Services',
    );
    expect(await page.locator('#purposes tr').count()).toBe(3); // heading + 2 purposes
    expect(await page.locator('#safeguards').textContent()).toContain(
      'src/core/sensitive/envelope-cipher.ts',
    );
    // The page's own stylesheet applies under its CSP (text tables read left to right).
    expect(await page.evaluate("getComputedStyle(document.querySelector('#activities td')).textAlign")).toBe(
      'left',
    );
    await page.screenshot({
      path: path.join(artifactsDir('record'), 'record-of-processing-es.png'),
      fullPage: true,
    });
    const phone = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await phone.goto(`file://${file}`);
    await phone.screenshot({
      path: path.join(artifactsDir('record'), 'record-of-processing-es-phone.png'),
      fullPage: true,
    });
    expect(blocked).toEqual([]);
    await page.close();
    await phone.close();
  }, 60_000);

  it('--json in Swedish', async () => {
    const result = await cli(['record', '--lang', 'sv', '--json']);
    expect(result.code).toBe(0);
    const record = JSON.parse(result.out) as RecordOfProcessing;
    expect(record.language).toBe('sv');
    expect(record.activities[0].legalBasisText).toBe('Berättigat intresse (art. 6.1 f)');
    expect(record.purposes[1].description).toMatch(/^Ditt betalkort/);
  });

  it('--config: a brand’s own module; what it did not declare is named', async () => {
    const module = path.join(dir, 'brand.js');
    writeFileSync(
      module,
      `exports.recordSource = ${JSON.stringify({
        brand: { name: 'Brand X', policyUrl: 'https://x.example/privacy' },
        inventory: recordSource.inventory,
      })};`,
    );
    const result = await cli(['record', '--json', '--config', module]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).controller.name).toBe('Brand X');
    expect(result.err).toBe(
      'Warning: not declared for the record (GDPR Art. 30(1)): brand.contact, transfers',
    );
  });

  it.each([
    [['record', '--lang', 'de', '--json'], /--lang must be en, es or sv/],
    [['record', '--lang', 'es'], /--html FILE or --json/],
    [['record', '--html'], /--html needs a value/],
    [['record', '--json', '--pdf'], /unknown option "--pdf"/],
    [['record', '--json', '--config', 'no/such/module.ts'], /cannot find no\/such\/module.ts/],
    [['record', '--html', '/no/such/dir/out.html'], /cannot write \/no\/such\/dir\/out.html \(ENOENT\)/],
  ])('bad input %j: one clear line, exit 2', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err.split('\n')).toHaveLength(1);
  });

  it('a module whose inventory lacks a field: the field is named, exit 2', async () => {
    const module = path.join(dir, 'broken.js');
    const [first] = recordSource.inventory;
    writeFileSync(
      module,
      `exports.recordSource = ${JSON.stringify({
        brand: { name: 'Brand Y', policyUrl: 'https://y.example/privacy' },
        inventory: [{ ...first, retention: undefined }],
      })};`,
    );
    const result = await cli(['record', '--json', '--config', module]);
    expect(result).toMatchObject({
      code: 2,
      err: expect.stringMatching(/item 1 \("name"\) needs "retention"/),
    });
  });
});
