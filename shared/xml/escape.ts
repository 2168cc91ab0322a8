// XML 1.0 §2.2: these characters cannot appear in a document at all, escaped or not.
const illegalInXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Escapes a value for XML text or a double- or single-quoted attribute, replacing the
 * characters XML 1.0 forbids so the document stays well-formed. The same five
 * characters make it safe inside HTML attributes too (security.md, reflected XSS row).
 */
export function escapeXml(value: string): string {
  return replaceIllegalXmlCharacters(value).replace(/[&<>"']/g, (character) => replacements[character] ?? character);
}

const replacements: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Replaces each character XML 1.0 forbids with U+FFFD, as escapeXml does before escaping. */
export function replaceIllegalXmlCharacters(value: string): string {
  return value.replace(illegalInXml, '\uFFFD');
}
