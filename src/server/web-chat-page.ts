import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import express, { type Request, type Response, type Router } from 'express';
import { ConfigurationError } from '../core/errors';
import { format, type Localizer } from '../i18n/localizer';
import type { LocalDirectLine } from './direct-line/local-direct-line';
import {
  browserLanguage,
  checkPageBrand,
  escapeHtml,
  privatePageHeaders,
  renderHtmlPage,
  type PageBrand,
} from './html-page';
import { FixedWindowRateLimiter } from './rate-limiter';

/** Options of {@link webChatPageRouter}. */
export interface WebChatPageOptions {
  /** The Direct Line the page talks to (its tokens come from it). */
  directLine: LocalDirectLine;
  /** Texts and languages (the privacy layer's: `privacy.localizer`). */
  localizer: Localizer;
  /** Name, colours and logo, as on the Privacy Center. */
  brand: PageBrand;
  /** Where the page is served. Default `/`. */
  path?: string;
  /**
   * The Web Chat bundle (`botframework-webchat/dist/webchat.js` of the installed package by default):
   * served from this app, never from a CDN.
   */
  bundlePath?: string;
  /** Tokens one client address may get per minute. Default 20. */
  tokensPerMinute?: number;
}

/** Web Chat's locale for each language of the layer's texts (Web Chat has its own UI strings for each). */
const WEB_CHAT_LOCALES: Record<string, string> = { en: 'en-US', es: 'es-ES', sv: 'sv-SE' };

/** The installed `botframework-webchat` full bundle. */
function defaultBundlePath(): string {
  let main: string;
  try {
    main = require.resolve('botframework-webchat');
  } catch {
    // Not installed: said plainly below.
    throw new ConfigurationError(
      'The Web Chat page needs the botframework-webchat package: npm install botframework-webchat',
    );
  }
  return join(dirname(main), '..', 'dist', 'webchat.js');
}

/**
 * The script that starts Web Chat, served from this origin (`script-src 'self'`). It reads the page's
 * settings from a JSON island, asks for a Direct Line token, and renders Web Chat with polling (no
 * WebSocket), no user name, no uploads and no typing indicator: only what the person types is sent.
 */
const BOOTSTRAP = `(function () {
  'use strict';
  var WebChat = window.WebChat;
  var settings = JSON.parse(document.getElementById('web-chat-settings').textContent);
  var root = document.getElementById('webchat');
  function failed() { root.textContent = settings.failed; root.className = 'failed'; }
  // The bot's line breaks are kept (markdown would join single lines).
  function renderMarkdown(text, styleOptions, options) {
    return WebChat.renderMarkdown(String(text).replace(/\\r?\\n/g, '  \\n'), styleOptions, options);
  }
  fetch(settings.tokenUrl, { method: 'POST', credentials: 'same-origin' })
    .then(function (response) { if (!response.ok) throw new Error('token'); return response.json(); })
    .then(function (conversation) {
      var directLine = WebChat.createDirectLine({
        token: conversation.token,
        domain: location.origin + settings.directLinePath,
        webSocket: false,
        pollingInterval: settings.pollingInterval,
        conversationStartProperties: { locale: settings.locale }
      });
      WebChat.renderWebChat({
        directLine: directLine,
        locale: settings.locale,
        nonce: settings.nonce,
        sendTypingIndicator: false,
        renderMarkdown: renderMarkdown,
        styleOptions: settings.styleOptions
      }, root);
    })
    .catch(failed);
})();
`;

/**
 * A page to try the bot in the real Bot Framework Web Chat client, with the brand's name, colour and logo,
 * in the browser's language (`Accept-Language`, among the localizer's languages). Serves:
 *
 * - `GET <path>`: the page, with a strict CSP (`script-src 'self'`: the Web Chat bundle and the
 *   bootstrap script, both from this app; styles by nonce; connections only to this origin);
 * - `GET /webchat/webchat.js` (the bundle, gzip when accepted) and `GET /webchat/page.js`;
 * - `POST /webchat/token`: a Direct Line token for a new conversation of a new anonymous user (the
 *   brand's "token endpoint"), rate limited per client address.
 *
 * Mount it only where the page should be public (development, or a deliberate demo).
 */
export function webChatPageRouter(options: WebChatPageOptions): Router {
  const brand = checkPageBrand(options.brand);
  const path = options.path ?? '/';
  const bundlePath = options.bundlePath ?? defaultBundlePath();
  if (!existsSync(bundlePath)) {
    throw new ConfigurationError(`The Web Chat bundle was not found at ${bundlePath}.`);
  }
  const limiter = new FixedWindowRateLimiter({ limit: options.tokensPerMinute ?? 20, windowMs: 60_000 });
  let bundle: { plain: Buffer; gzip: Buffer; etag: string } | undefined;
  /** Read and compressed once, at the first request (about 4 MB, 1 MB gzipped). */
  function loadBundle() {
    if (!bundle) {
      const plain = readFileSync(bundlePath);
      const etag = `"${createHash('sha256').update(plain).digest('base64url').slice(0, 27)}"`;
      bundle = { plain, gzip: gzipSync(plain), etag };
    }
    return bundle;
  }

  const router = express.Router();

  router.get(path, (req: Request, res: Response) => {
    const language = browserLanguage(req, options.localizer);
    const texts = options.localizer.texts(language).webChatPage;
    const nonce = randomBytes(16).toString('base64');
    const settings = {
      tokenUrl: '/webchat/token',
      directLinePath: '/v3/directline',
      pollingInterval: 300,
      locale: WEB_CHAT_LOCALES[language] ?? language,
      nonce,
      failed: texts.failed,
      styleOptions: {
        accent: brand.colors.primary,
        botAvatarInitials: initials(brand.name),
        ...(brand.logoUrl ? { botAvatarImage: brand.logoUrl } : {}),
        hideUploadButton: true,
        suggestedActionLayout: 'flow',
      },
    };
    // JSON in a non-executed script element: `<` escaped so no text can close it.
    const json = JSON.stringify(settings).replace(/</g, '\\u003c');
    const body = `<h1>${escapeHtml(texts.title)}</h1>
<p class="intro">${escapeHtml(format(texts.intro, { brand: brand.name }))}</p>
<div id="webchat" role="region" aria-label="${escapeHtml(texts.title)}"></div>
<noscript><p class="notice">${escapeHtml(texts.noScript)}</p></noscript>
<style nonce="${nonce}">
main{max-width:46rem;display:flex;flex-direction:column;height:calc(100dvh - 4.5rem);padding-bottom:.5rem}
main h1{margin:0 0 .25rem}.intro{margin:0 0 .75rem;font-size:.95rem}
#webchat{flex:1;min-height:20rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 2px rgba(0,0,0,.08);overflow:hidden}
#webchat.failed{padding:1rem}
</style>
<script type="application/json" id="web-chat-settings">${json}</script>
<script src="/webchat/webchat.js"></script>
<script src="/webchat/page.js"></script>`;
    const imgSources = ["'self'", 'data:', 'blob:', brand.logoOrigin].filter(Boolean).join(' ');
    res
      .status(200)
      .set({
        ...privatePageHeaders(),
        'Content-Security-Policy': [
          "default-src 'none'",
          "script-src 'self'",
          `style-src 'self' 'nonce-${nonce}'`,
          `img-src ${imgSources}`,
          "connect-src 'self'",
          "font-src 'self' data:",
          "media-src 'self' data: blob:",
          "base-uri 'none'",
          "form-action 'none'",
          "frame-ancestors 'none'",
        ].join('; '),
      })
      .type('html')
      .send(renderHtmlPage({ language, title: texts.title, body, brand }, nonce));
  });

  router.get('/webchat/page.js', (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('application/javascript').send(BOOTSTRAP);
  });

  router.get('/webchat/webchat.js', (req, res) => {
    const { plain, gzip, etag } = loadBundle();
    res.set({ 'Cache-Control': 'public, max-age=3600', ETag: etag, Vary: 'Accept-Encoding' });
    res.type('application/javascript');
    if (req.get('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    if (req.acceptsEncodings('gzip') === 'gzip') {
      res.set('Content-Encoding', 'gzip').send(gzip);
    } else {
      res.send(plain);
    }
  });

  router.post('/webchat/token', (req, res) => {
    const address = createHash('sha256')
      .update(req.socket.remoteAddress ?? '')
      .digest('base64url');
    const verdict = limiter.take(address);
    if (!verdict.allowed) {
      res
        .set('Retry-After', String(verdict.retryAfterSeconds))
        .status(429)
        .json({ error: 'Too many requests.' });
      return;
    }
    res.set(privatePageHeaders()).json(options.directLine.issueToken());
  });

  return router;
}

/** Up to two initials of the brand (`Home Services` -> `HS`), for Web Chat's bot avatar. */
function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => [...word][0]!.toUpperCase())
    .join('');
}
