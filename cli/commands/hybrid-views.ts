/**
 * `lab hybrid show`: each side's objects as the Get- cmdlets print them with
 * `Format-List` — one block per object, `Name : Value` lines, keys padded to one width.
 */
function valueOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return `{${value.map(String).join(', ')}}`;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  // A PEM certificate is shown as its first line, as the cmdlets show an object's type.
  return text.includes('-----BEGIN') ? '<certificate>' : text;
}

export function formatList(object: Record<string, unknown>): string[] {
  const width = Math.max(...Object.keys(object).map((key) => key.length));
  return Object.entries(object).map(([key, value]) => `${key.padEnd(width)} : ${valueOf(value)}`);
}

/** One side: `Get-<Kind>` headings, then each object's block (or a note that there is none). */
export function renderSide(title: string, objects: Record<string, unknown>): string {
  const lines = [`==== ${title} ====`];
  for (const [kind, value] of Object.entries(objects)) {
    const list = kind === 'FederationInformation' ? (value ? [value] : []) : (value as Record<string, unknown>[]);
    lines.push('', `# Get-${kind}`);
    if (list.length === 0) lines.push('(none)');
    for (const object of list) lines.push(...formatList(object as Record<string, unknown>), '');
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}
