/**
 * The lab's one error model (style.md §4): a stable `code` callers switch on, the HTTP
 * status, whether the message may be shown to the client, the hop that failed, and
 * the underlying cause (logged, never sent).
 */
export interface LabErrorOptions {
  /** Stable code, e.g. `NOT_FOUND`, `UPSTREAM_TLS`. Never matched by message text. */
  readonly code: string;
  readonly statusCode: number;
  readonly message: string;
  /** Whether `message` may be sent to the client. Defaults to true below 500. */
  readonly expose?: boolean;
  /** The hop the error happened on, e.g. `edge → wap`. Always shown: it names a place, never a secret. */
  readonly hop?: string;
  /** The protocol's own error code (OAuth `invalid_grant`, a SOAP fault subcode), when it has one. */
  readonly wireCode?: string;
  /** `WWW-Authenticate` challenges for a 401. */
  readonly challenges?: readonly string[];
  readonly cause?: unknown;
}

export class LabError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly expose: boolean;
  readonly hop: string | undefined;
  readonly wireCode: string | undefined;
  readonly challenges: readonly string[];

  constructor(options: LabErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'LabError';
    this.code = options.code;
    this.statusCode = options.statusCode;
    this.expose = options.expose ?? options.statusCode < 500;
    this.hop = options.hop;
    this.wireCode = options.wireCode;
    this.challenges = options.challenges ?? [];
  }
}

/** A setting that is missing or malformed; the message names the setting. */
export class ConfigError extends Error {
  readonly setting: string;

  constructor(setting: string, problem: string) {
    super(`invalid configuration: ${setting} ${problem}`);
    this.name = 'ConfigError';
    this.setting = setting;
  }
}

export function notFound(method: string, url: string): LabError {
  return new LabError({ code: 'NOT_FOUND', statusCode: 404, message: `no route for ${method} ${url}` });
}
