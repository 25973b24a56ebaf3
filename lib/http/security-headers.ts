/**
 * Headers on every response of the portal: pages, API, static files and the sandbox API.
 *
 * script-src allows 'unsafe-inline' instead of a per-request nonce: the lessons are prerendered
 * at build time (generateStaticParams) and Next.js can put a nonce only into pages it renders
 * per request, so a nonce would mean rendering every lesson's MDX on every visit. Scripts still
 * come only from our origin (no CDN, no eval outside development). Monaco injects inline styles
 * and starts its workers from our origin (the YAML worker as a module, blob: kept for Monaco's
 * fallback); xterm.js draws with inline styles; the cluster stream is an EventSource on our origin.
 */
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its stack traces; production never does.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(dev: boolean): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(dev),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  };
}
