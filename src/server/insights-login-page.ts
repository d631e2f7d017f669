import type { InsightsTexts } from '../i18n/insights-texts';
import { escapeHtml } from '../core/html-escape';
import { htmlDocument } from '../metrics/report/html-document';

/**
 * The sign-in form of the insights page: one password field for the metrics token, posted to
 * `action`. `hidden` fields carry the report's query (days, language) through the sign-in.
 */
export function renderInsightsLoginPage(
  texts: InsightsTexts,
  language: string,
  action: string,
  hidden: Record<string, string>,
  problem?: 'failed' | 'throttled',
): string {
  const fields = Object.entries(hidden)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  const body = `<h1>${escapeHtml(texts.loginTitle)}</h1>
<p>${escapeHtml(texts.loginIntro)}</p>
${problem ? `<p class="error" role="alert" id="login-error">${escapeHtml(problem === 'failed' ? texts.loginFailed : texts.loginThrottled)}</p>` : ''}
<form class="login" method="post" action="${escapeHtml(action)}">
<label for="token">${escapeHtml(texts.tokenLabel)}</label>
<input id="token" name="token" type="password" autocomplete="current-password" required>
${fields}<button type="submit">${escapeHtml(texts.loginButton)}</button>
</form>`;
  return htmlDocument(language, texts.loginTitle, body);
}
