import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { artifactsDir, launchChromium } from './browser';

describe('headless Chromium for the browser tests', () => {
  it('renders a page served on loopback and saves a screenshot', async () => {
    const server = http.createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<!doctype html><title>ok</title><h1>Browser works</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(await page.textContent('h1')).toBe('Browser works');
      const file = path.join(artifactsDir('support'), 'browser-smoke.png');
      await page.screenshot({ path: file });
      expect(fs.statSync(file).size).toBeGreaterThan(0);
    } finally {
      await browser.close();
      server.close();
    }
  });
});
