/**
 * Form and query values as fastify hands them over: a repeated name arrives as a
 * list. A protocol parameter is one value, so a list of them is refused as absent;
 * OAuth 2.0 (RFC 6749 §3.1) forbids repeating a parameter.
 */
export type FormValues = Readonly<Record<string, unknown>>;

export function single(values: unknown, name: string): string | undefined {
  if (typeof values !== 'object' || values === null) return undefined;
  const value = (values as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
