import { Transform } from 'node:stream';
import type { CapturedBody } from './capture.ts';

/**
 * A pass-through for a request body on its way to the backend that keeps a copy of its
 * first `limitBytes`: the relay still streams (backpressure and all), and the copy never
 * grows past the cap however long the body is. `onDone` gets the copy once, when the
 * body has ended or when the stream is torn down before that (`complete: false`).
 */
export interface BodyTapOptions {
  readonly limitBytes: number;
  /** Keep the copy as UTF-8 text; otherwise base64. */
  readonly textual: boolean;
  readonly onDone: (body: CapturedBody) => void;
}

/** Content types a person reads as text: XML and SOAP, JSON, forms, text/*. */
export function isTextual(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  return /^(text\/|application\/([\w.+-]*\+)?(xml|json|soap\+xml|x-www-form-urlencoded)\b)/i.test(contentType.trim());
}

export function bodyTap(options: BodyTapOptions): Transform {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let bytes = 0;
  let done = false;
  const finish = (complete: boolean): void => {
    if (done) return;
    done = true;
    const copy = Buffer.concat(kept);
    options.onDone({ bytes, truncated: bytes > keptBytes, complete, encoding: options.textual ? 'utf8' : 'base64', text: copy.toString(options.textual ? 'utf8' : 'base64') });
  };
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (keptBytes < options.limitBytes) {
        const slice = chunk.subarray(0, options.limitBytes - keptBytes);
        kept.push(slice);
        keptBytes += slice.length;
      }
      callback(null, chunk);
    },
    flush(callback) {
      finish(true);
      callback();
    },
  });
  // The relay sees the body's errors on its own listener; the copy only ends as incomplete. A listener
  // here also keeps an error after the relay let go of the body (undici destroys it with the cause) from going unhandled.
  tap.on('error', () => finish(false));
  tap.once('close', () => finish(false));
  return tap;
}
