import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Localizer } from '../i18n/localizer';
import { ConfigurationError } from '../core/errors';
import { escapeHtml } from '../core/html-escape';

/**
 * How a brand looks on the pages the privacy layer serves (Privacy Center, status pages). Colours are
 * CSS hex colours (`#0a7` or `#00aa77`); the logo is an absolute http(s) URL (allowed by the page's CSP).
 */
export interface PageBrand {
  /** Shown in the page header and titles. */
  name: string;
  /** An absolute http(s) URL of the logo shown in the header. Default: none. */
  logoUrl?: string;
  /** The five colours of the pages; each has a default. */
  colors?: {
    /** Buttons, links and the header rule. Default `#1f5fbf`. */
    primary?: string;
    /** Text on primary buttons. Default `#ffffff`. */
    onPrimary?: string;
    /** Page background. Default `#f6f7f9`. */
    background?: string;
    /** Body text. Default `#1b1f24`. */
    text?: string;
    /** Destructive actions (delete). Default `#b3261e`. */
    danger?: string;
  };
}

/** A brand checked once at start-up: safe to put in CSS and HTML. */
export interface CheckedPageBrand {
  readonly name: string;
  readonly logoUrl?: string;
  /** CSP source that allows the logo (its origin), if any. */
  readonly logoOrigin?: string;
  readonly colors: Readonly<Required<NonNullable<PageBrand['colors']>>>;
}

const DEFAULT_COLORS = {
  primary: '#1f5fbf',
  onPrimary: '#ffffff',
  background: '#f6f7f9',
  text: '#1b1f24',
  danger: '#b3261e',
};
const HEX_COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/** @throws ConfigurationError for a missing name, a colour that is not `#rgb`/`#rrggbb`, or a bad logo URL. */
export function checkPageBrand(brand: PageBrand): CheckedPageBrand {
  if (!brand || typeof brand.name !== 'string' || !brand.name.trim()) {
    throw new ConfigurationError('brand.name is required on pages.');
  }
  const colors = { ...DEFAULT_COLORS };
  for (const [key, value] of Object.entries(brand.colors ?? {})) {
    if (!(key in colors)) throw new ConfigurationError(`Unknown brand colour "${key}".`);
    if (value === undefined) continue;
    if (typeof value !== 'string' || !HEX_COLOR.test(value)) {
      throw new ConfigurationError(`brand.colors.${key} must be a hex colour such as #1f5fbf.`);
    }
    colors[key as keyof typeof colors] = value;
  }
  let logoOrigin: string | undefined;
  if (brand.logoUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(brand.logoUrl);
    } catch {
      // Not a URL: refused with a clear ConfigurationError just below.
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new ConfigurationError('brand.logoUrl must be an absolute http(s) URL.');
    }
    logoOrigin = url.origin;
  }
  return { name: brand.name.trim(), logoUrl: brand.logoUrl, logoOrigin, colors };
}

export { escapeHtml };

/** One page in the shared shell. `body` is HTML the caller built with {@link escapeHtml}. */
export interface HtmlPage {
  /** Language code of the texts (`lang` attribute). */
  language: string;
  title: string;
  body: string;
  brand: CheckedPageBrand;
}

/**
 * Sends a page in the shared shell with strict headers: no caching, no referrer, no framing, and a CSP
 * that allows nothing but this response's own stylesheet (by nonce), the brand's logo and forms posting
 * back to this origin. No scripts: every page works without JavaScript.
 */
export function sendHtmlPage(res: Response, status: number, page: HtmlPage): void {
  const nonce = randomBytes(16).toString('base64');
  const imgSrc = page.brand.logoOrigin ? `img-src ${page.brand.logoOrigin}; ` : '';
  res
    .status(status)
    .set({
      'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; ${imgSrc}form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
      ...privatePageHeaders(),
    })
    .type('html')
    .send(renderHtmlPage(page, nonce));
}

/** The browser's preferred language among the supported ones (`Accept-Language`), else the fallback. */
export function browserLanguage(req: Request, localizer: Localizer): string {
  const accepted = req.acceptsLanguages(...localizer.languages);
  return typeof accepted === 'string' ? accepted : localizer.fallbackLanguage;
}

/** Headers of any private response (pages and downloads): never cached, never referred, never framed. */
export function privatePageHeaders(): Record<string, string> {
  return {
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'X-Robots-Tag': 'noindex, nofollow',
  };
}

/** The page as HTML (exported for tests and for callers with their own response handling). */
export function renderHtmlPage(page: HtmlPage, nonce: string): string {
  const { brand } = page;
  const c = brand.colors;
  const logo = brand.logoUrl ? `<img class="logo" src="${escapeHtml(brand.logoUrl)}" alt="">` : '';
  return `<!doctype html>
<html lang="${escapeHtml(page.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)} · ${escapeHtml(brand.name)}</title>
<style nonce="${nonce}">
:root{--primary:${c.primary};--on-primary:${c.onPrimary};--bg:${c.background};--text:${c.text};--danger:${c.danger}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header{display:flex;align-items:center;gap:.75rem;padding:.75rem 1rem;border-bottom:4px solid var(--primary);background:#fff}
header .brand{font-weight:700;font-size:1.1rem}
.logo{height:2rem;width:auto}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:0 0 .5rem}
section{background:#fff;border-radius:.5rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
section>:first-child{margin-top:0}section>:last-child{margin-bottom:0}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #e3e6ea;overflow-wrap:break-word}
th{font-size:.85rem;font-weight:600;color:#555}
dl{margin:0;display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.25rem 1rem}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
.notice{border-left:4px solid var(--primary);background:#fff;padding:.75rem 1rem;margin:0 0 1rem;white-space:pre-line}
.code{font:600 1.3rem ui-monospace,monospace;letter-spacing:.08em}
.button,button{display:inline-block;border:0;border-radius:.4rem;padding:.55rem 1rem;background:var(--primary);color:var(--on-primary);font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.button.secondary,button.secondary{background:#e3e6ea;color:var(--text)}
.danger{background:var(--danger)}
form{display:inline;margin:0}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.75rem}
a{color:var(--primary)}
footer{max-width:46rem;margin:0 auto;padding:0 1rem 2rem;font-size:.9rem}
</style>
</head>
<body>
<header>${logo}<span class="brand">${escapeHtml(brand.name)}</span></header>
<main>
${page.body}
</main>
</body>
</html>
`;
}
