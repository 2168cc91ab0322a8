import type { LabHttpClient } from '../../shared/http/client.ts';
import type { CaptureEntry } from '../../services/edge/src/domain/capture.ts';

export type { CaptureEntry };

/** Where the edge shows its capture: its corp name, the only leg it answers /_lab/capture on. */
export const edgeCaptureUrl = 'https://proxy.contoso.test/_lab/capture';

/**
 * What the edge captured of the requests it published under one correlation id
 * (`client-request-id`), oldest first: headers, body, rule decision and `readable`, what
 * a man-in-the-middle at the edge reads of the credentials. `client` stands on corp
 * (`clientOn('corp', certsDir)`); the lab must run with LAB_EDGE_CAPTURE on.
 */
export async function edgeCapture(client: LabHttpClient, correlationId: string): Promise<CaptureEntry[]> {
  const response = await client.request(`${edgeCaptureUrl}?correlationId=${encodeURIComponent(correlationId)}`);
  if (response.status !== 200) throw new Error(`the edge answered ${response.status} at /_lab/capture: ${response.body}`);
  const view = JSON.parse(response.body) as { enabled: boolean; entries: CaptureEntry[] };
  if (!view.enabled) throw new Error('the edge captures nothing: start the lab with env LAB_EDGE_CAPTURE=on (or a list of path prefixes)');
  return view.entries;
}
