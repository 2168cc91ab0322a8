/**
 * Escapes a value for XML text or a double- or single-quoted attribute. The same five
 * characters make it safe inside HTML attributes too (security.md, reflected XSS row).
 */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => replacements[character] ?? character);
}

const replacements: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
