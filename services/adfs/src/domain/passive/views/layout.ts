import { escapeXml } from '../../../../../../shared/xml/escape.ts';

/**
 * Escapes text for HTML element content and double-quoted attributes: `& < > " '`
 * (security.md, reflected XSS). Every value a page shows goes through it, wctx and
 * wresult included; the templates quote every attribute.
 */
export const escapeHtml = escapeXml;

export interface PageFrame {
  readonly title: string;
  /** The response's CSP nonce, for the inline style (and the auto-post script). */
  readonly nonce: string;
  /** Markup whose values are already escaped. */
  readonly body: string;
}

const style = `
  body { margin: 0; font-family: "Segoe UI", system-ui, sans-serif; background: #f2f2f2; color: #1b1b1b; }
  main { max-width: 440px; margin: 10vh auto; background: #fff; padding: 40px; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
  .brand { font-weight: 600; color: #505050; margin-bottom: 16px; }
  h1 { font-size: 22px; font-weight: 600; margin: 0 0 16px; }
  label { display: block; margin: 12px 0 4px; }
  input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: 6px; font-size: 15px; border: 1px solid #8a8886; }
  .kmsi label { display: inline; }
  button, input[type=submit] { margin-top: 20px; min-width: 108px; padding: 6px 12px; font-size: 15px; border: 0; background: #0067b8; color: #fff; cursor: pointer; }
  .error { color: #c50f1f; display: block; margin: 8px 0; min-height: 1em; }
  .detail { font-size: 12px; color: #616161; margin-top: 24px; word-break: break-word; }
  ul.cleanup { list-style: none; padding: 0; }
  ul.cleanup img { width: 16px; height: 16px; vertical-align: middle; margin-right: 8px; }
`;

/** The frame of every /adfs/ls/ page: no external assets, the style nonce-bound by the page's CSP. */
export function layout(frame: PageFrame): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(frame.title)}</title>
<style nonce="${escapeHtml(frame.nonce)}">${style}</style>
</head>
<body>
<main>
<div class="brand">Contoso · AD FS</div>
${frame.body}
</main>
</body>
</html>
`;
}
