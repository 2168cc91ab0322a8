import type { LabError } from '../../../../shared/errors/lab-error.ts';
import { html, layout } from './html.ts';

/**
 * The HTML rendering of a LabError for OWA pages: the failing hop, the stable code and
 * the reason, or, for an unexposed server error, only the error id to find in the log.
 */
export interface ErrorPageContext {
  readonly correlationId: string;
  readonly errorId: string;
}

export function errorPage(error: LabError, context: ErrorPageContext): string {
  const reason = error.expose ? error.message : `an internal error in exchange-online; see its log for error id ${context.errorId}`;
  return layout(
    'Sign-in problem - Outlook',
    html`<a href="/owa/">Start again</a>`,
    html`<section class="error"><h2>Something went wrong (${error.statusCode})</h2>
<dl>
<dt>Where</dt><dd id="hop">${error.hop ?? 'exchange-online'}</dd>
<dt>What</dt><dd id="reason">${reason}</dd>
<dt>Code</dt><dd id="code">${error.code}</dd>
<dt>Correlation id</dt><dd>${context.correlationId}</dd>
</dl></section>`,
  );
}
