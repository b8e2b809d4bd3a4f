/**
 * The outer edge of the production server (scripts/serve.mjs): a request whose method the site
 * does not serve is answered 405 before it reaches Next. It has to be here, not only in proxy.ts:
 * Next turns each request into a web `Request` before the proxy runs, and the Fetch standard
 * forbids TRACE, TRACK and CONNECT there (Node's own parser answers TRACK 400), so Next failed on them with a 500 whatever the proxy said.
 * proxy.ts refuses the same list for `next start` and `next dev` (test/hostile/methods.test.ts
 * checks both lists are the same).
 */

/** Pages and route handlers use GET and POST; Next answers HEAD and OPTIONS itself. */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'];

/** `handle(req, res)` for the allowed methods; 405 with `Allow` for any other. */
export function guardMethods(handle) {
  return (req, res) => {
    if (ALLOWED_METHODS.includes(req.method)) return handle(req, res);
    res.writeHead(405, {
      Allow: ALLOWED_METHODS.join(', '),
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
    });
    res.end('不支持该请求方法 / method not allowed\n');
  };
}
