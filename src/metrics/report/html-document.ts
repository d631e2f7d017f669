import { createHash } from 'node:crypto';
import { escapeHtml } from '../../core/html-escape';

/**
 * The one stylesheet of the insights pages (report and sign-in form). It is inlined in a `<style>`
 * element and allowed by its hash in the Content-Security-Policy, so the pages need no
 * `'unsafe-inline'`, no script and no external resource. Charts scale to the width of the screen.
 */
const STYLESHEET = [
  ':root{color-scheme:light;--ink:#1d2430;--muted:#5b6577;--line:#d9dee7;--card:#f5f7fa}',
  '*{box-sizing:border-box}',
  'body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);line-height:1.45;background:#fff}',
  'main{max-width:60rem;margin:0 auto;padding:1rem}',
  'h1{font-size:1.5rem;margin:.5rem 0}',
  'h2{font-size:1.15rem;margin:2rem 0 .5rem}',
  'p{margin:.4rem 0}',
  '.muted{color:var(--muted)}',
  '.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.5rem;padding:0;margin:1rem 0;list-style:none}',
  '.totals li{background:var(--card);border-radius:.5rem;padding:.6rem .8rem}',
  '.totals b{display:block;font-size:1.4rem}',
  'figure{margin:0}',
  '.chart-svg{display:block;width:100%;height:auto}',
  '.chart-svg .grid{stroke:var(--line);stroke-width:1}',
  '.chart-svg .axis{font-size:14px;fill:var(--muted)}',
  '.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;margin:.5rem 0;list-style:none;font-size:.9rem}',
  '.legend li{display:flex;align-items:center;gap:.35rem;overflow-wrap:anywhere}',
  '.swatch{width:.8rem;height:.8rem;flex:none}',
  '.table-wrap{overflow-x:auto}',
  'table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}',
  'th,td{padding:.3rem .6rem;border-bottom:1px solid var(--line);text-align:right}',
  'th:first-child,td:first-child{text-align:left}',
  '@media (max-width:30rem){th,td{padding:.25rem .35rem}table{font-size:.8rem}main{padding:.75rem}}',
  '.empty{color:var(--muted);font-style:italic}',
  'header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:.5rem}',
  'form.login{display:flex;flex-direction:column;gap:.5rem;max-width:24rem}',
  'input,button{font:inherit;padding:.5rem;border-radius:.35rem;border:1px solid var(--line)}',
  'button{background:var(--ink);color:#fff;cursor:pointer}',
  'form.logout button{background:#fff;color:var(--ink)}',
  '.error{color:#a4161a}',
  // Tables of text (the record of processing): read left to right, top aligned.
  'table.text th,table.text td{text-align:left;vertical-align:top}',
].join('\n');

const STYLE_HASH = `sha256-${createHash('sha256').update(STYLESHEET).digest('base64')}`;

/**
 * The Content-Security-Policy of the insights pages: nothing may load and nothing may run; only the
 * inline stylesheet (by hash) applies, and forms post to the same origin. Served as a header with
 * `frame-ancestors 'none'` added (which a `<meta>` cannot carry).
 */
export const INSIGHTS_CONTENT_SECURITY_POLICY = `default-src 'none'; style-src '${STYLE_HASH}'; img-src 'none'; form-action 'self'; base-uri 'none'`;

/** A complete HTML document with the insights stylesheet and policy; `body` must already be escaped. */
export function htmlDocument(language: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(INSIGHTS_CONTENT_SECURITY_POLICY)}">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLESHEET}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
