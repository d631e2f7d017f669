/** Escapes text for HTML content and quoted attribute values: the one escaping rule of every page and report. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
