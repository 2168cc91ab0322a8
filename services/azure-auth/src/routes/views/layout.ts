import { escapeHtml } from './escape.ts';

/**
 * The frame of every sign-in page: no external assets (style inline, nonce-bound by
 * the page's Content-Security-Policy), readable without JavaScript.
 */
export interface PageFrame {
  readonly title: string;
  readonly nonce: string;
  /** Already-escaped markup. */
  readonly body: string;
  readonly tenantName?: string;
}

const style = `
  body { margin: 0; font-family: "Segoe UI", system-ui, sans-serif; background: #f2f2f2; color: #1b1b1b; }
  main { max-width: 440px; margin: 10vh auto; background: #fff; padding: 44px; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
  .brand { font-weight: 600; color: #505050; margin-bottom: 16px; }
  h1 { font-size: 24px; font-weight: 600; margin: 0 0 16px; }
  label { display: block; margin: 8px 0 4px; }
  input[type=text], input[type=email], input[type=password] { width: 100%; box-sizing: border-box; padding: 6px 0; font-size: 15px; border: 0; border-bottom: 1px solid #666; }
  input:focus { outline: none; border-bottom-color: #0067b8; }
  .actions { display: flex; justify-content: flex-end; margin-top: 24px; gap: 8px; }
  button { min-width: 108px; padding: 6px 12px; font-size: 15px; border: 0; background: #0067b8; color: #fff; cursor: pointer; }
  button.secondary { background: #ccc; color: #1b1b1b; }
  .error { color: #e81123; margin: 8px 0; }
  .identity { margin-bottom: 12px; }
  .detail { font-size: 12px; color: #616161; margin-top: 24px; word-break: break-word; }
  .link { background: none; color: #0067b8; padding: 0; min-width: 0; font-size: 13px; }
`;

export function layout(frame: PageFrame): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(frame.title)}</title>
<style nonce="${escapeHtml(frame.nonce)}">${style}</style>
</head>
<body>
<main>
<div class="brand">${escapeHtml(frame.tenantName ?? 'Microsoft')} · hybrid-lab</div>
${frame.body}
</main>
</body>
</html>
`;
}
