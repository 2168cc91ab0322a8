import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/**
 * OWA's pages: self-contained HTML (no external assets, one inline style allowed by
 * its hash), every piece of data escaped. The page headers forbid framing, scripts
 * and caching: the pages show mail.
 */
const illegalInHtml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(illegalInHtml, '\uFFFD').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

export function html(strings: TemplateStringsArray, ...values: readonly unknown[]): Html {
  const render = (value: unknown): string => (value instanceof Html ? value.text : Array.isArray(value) ? value.map(render).join('') : escapeHtml(String(value ?? '')));
  return new Html(strings.reduce((out, part, index) => out + part + (index < values.length ? render(values[index]) : ''), ''));
}

const style = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #f4f5f7; }
header { background: #0f6cbd; color: #fff; padding: 0.8rem 1.5rem; display: flex; justify-content: space-between; align-items: center; }
header h1 { font-size: 1.2rem; margin: 0; }
header a { color: #fff; }
main { max-width: 60rem; margin: 1.5rem auto; padding: 0 1.5rem; }
section { background: #fff; border-radius: 6px; padding: 1rem 1.25rem; margin-bottom: 1.25rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
h2 { font-size: 1.1rem; margin-top: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
.muted { color: #616161; }
.error { border-left: 4px solid #c50f1f; }
dt { font-weight: 600; } dd { margin: 0 0 0.6rem 0; }
`;
const styleHash = createHash('sha256').update(style).digest('base64');

export function layout(title: string, headerRight: Html, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new Html(style)}</style>
</head>
<body>
<header><h1>Outlook</h1><div>${headerRight}</div></header>
<main>
${body}
</main>
</body>
</html>
`.text;
}

export function sendHtml(reply: FastifyReply, statusCode: number, page: string): FastifyReply {
  return reply
    .code(statusCode)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', `default-src 'none'; style-src 'sha256-${styleHash}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .send(page);
}
