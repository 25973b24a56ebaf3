/**
 * Lingering close, as nginx does it (ngx_http_set_lingering_close): when a request's body is
 * refused before it ended (a 413), the answer says `Connection: close`, and after it is written
 * the server shuts its side and keeps reading, discarding, a bounded amount or for a bounded
 * time before closing. Closing at once with the client's bytes unread makes the kernel reset the
 * connection, and a reset discards the 413 the client had not read yet: a browser or kubectl then
 * shows a network error instead of the message.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LingerLimits {
  /** Bytes read and dropped after the answer before the connection is closed anyway. */
  maxBytes: number;
  /** How long the connection lingers at most (nginx's lingering_time is 30 s; ours is short). */
  maxMs: number;
}

export const LINGER_LIMITS: LingerLimits = { maxBytes: 8 * 1024 * 1024, maxMs: 5000 };

const ABANDON = Symbol.for('kubelab.abandonBody');
type Hooked = IncomingMessage & { [ABANDON]?: () => void };

/**
 * Prepares a request for an early refusal. After this, a reader that gives up on the body (the
 * sandbox's readBody calls abandonBody; Next.js destroys the request when a route cancels its
 * body stream) no longer tears down the socket: the answer is written with Connection: close,
 * then the connection lingers as above. Without this, nothing changes.
 */
export function lingerOnRefusedBody(req: IncomingMessage, res: ServerResponse, limits: LingerLimits = LINGER_LIMITS): void {
  const hooked = req as Hooked;
  if (hooked[ABANDON]) return;
  const socket = req.socket;
  const destroyRequest = req.destroy.bind(req);
  let abandoned = false;
  let drained = 0;

  const linger = () => {
    const close = () => {
      clearTimeout(timer);
      socket.destroy();
    };
    const timer = setTimeout(close, limits.maxMs);
    timer.unref();
    if (drained > limits.maxBytes) return close();
    req.on('data', () => {
      if (drained > limits.maxBytes) close();
    });
    req.once('end', close);
    socket.once('close', () => clearTimeout(timer));
    req.resume();
  };

  const abandon = () => {
    if (abandoned || req.complete || socket.destroyed) return;
    abandoned = true;
    if (!res.headersSent) res.setHeader('connection', 'close');
    // Whoever read the body stops receiving it; the bytes still arriving are dropped.
    req.removeAllListeners('data');
    req.removeAllListeners('readable');
    req.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      // Until the answer is written, drop at most the lingering allowance, then wait.
      if (drained > limits.maxBytes && !res.writableFinished) req.pause();
    });
    req.resume();
    // Node's server ends a Connection: close answer with socket.destroySoon() (_http_server's
    // resOnFinish): half-close instead, and linger before the real close.
    (socket as { destroySoon?: () => void }).destroySoon = () => {
      socket.end();
      linger();
    };
  };
  hooked[ABANDON] = abandon;

  // A reader's destroy while the body is still coming (Next.js, on a cancelled body stream)
  // becomes an abandon; a destroy because the client went away still tears down.
  req.destroy = ((err?: Error) => {
    if (req.complete || socket.destroyed || res.writableFinished) return destroyRequest(err);
    abandon();
    return req;
  }) as typeof req.destroy;
}

/** Tells the request's lingering hook that its body is refused; a request without the hook is left as it is. */
export function abandonBody(req: IncomingMessage): void {
  (req as Hooked)[ABANDON]?.();
}
