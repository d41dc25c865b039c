import type { Dispatcher } from 'undici';

/** An HTTP answer as the sender reads it, whichever client carried the request. */
export interface Exchange {
  status: number;
  /** A header by its lower-case name. */
  header(name: string): string | undefined;
  /** The body, kept only for answers outside 2xx (an error's message); empty otherwise. */
  text: string;
}

/**
 * One request through undici's dispatcher with a handler of our own: no response stream or body
 * mixin per request (the part of `request()` a fan-out pays for once per recipient), and the body
 * of a success is dropped as it arrives. Undici's clients take the callback handler form.
 */
export function exchange(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let rawHeaders: Buffer[] = [];
    let chunks: Buffer[] | undefined;
    const header = (name: string) => {
      for (let i = 0; i + 1 < rawHeaders.length; i += 2)
        if (rawHeaders[i]!.toString('latin1').toLowerCase() === name) return rawHeaders[i + 1]!.toString('latin1');
      return undefined;
    };
    dispatcher.dispatch(options, {
      onConnect() {},
      onHeaders(statusCode, headers) {
        status = statusCode;
        rawHeaders = headers;
        if (statusCode < 200 || statusCode >= 300) chunks = [];
        return true;
      },
      onData(chunk) {
        chunks?.push(chunk);
        return true;
      },
      onComplete() {
        resolve({ status, header, text: chunks ? Buffer.concat(chunks).toString('utf8') : '' });
      },
      onError: reject,
    });
  });
}
