/** HTML-escapes text for element content and quoted attribute values (OWASP XSS rule #1 and #2). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`=]/g, (character) => `&#${character.charCodeAt(0)};`);
}
