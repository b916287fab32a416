/**
 * Vite plugin: the app's Content Security Policy, declared once. The build writes it into
 * index.html as a <meta http-equiv> (what a static host serves), and `vite preview` also sends it
 * as a header on every response, so that the workers' scripts (whose policy comes from their own
 * response, not from the page) run under it too. The dev server is left without it: Vite's client
 * and React's refresh preamble are inline scripts.
 *
 * A shared link is untrusted input: the policy makes sure that, whatever a link holds, no script
 * runs but the app's own files.
 */
import type { Plugin } from 'vite';

/** Directive by directive, with why each source is there. */
export const CSP_DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  // The app's own modules only: no inline scripts, no eval. 'wasm-unsafe-eval' lets tfjs's WASM
  // backend compile its .wasm (in the training worker); it allows WebAssembly, not JavaScript eval.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // The training and curve workers are module scripts of the app's origin.
  'worker-src': ["'self'"],
  // Stylesheets from the app's origin only...
  'style-src': ["'self'"],
  // ...but style attributes are allowed: KaTeX's typeset HTML (set as innerHTML) positions every
  // glyph with style="height:…;vertical-align:…". React's style props go through the CSSOM and
  // would not need it.
  'style-src-attr': ["'unsafe-inline'"],
  // Data URLs: the PNG export draws the chart's SVG through one; blobs: downloads.
  'img-src': ["'self'", 'data:', 'blob:'],
  // Vite inlines KaTeX's smallest font as a data URL.
  'font-src': ["'self'", 'data:'],
  // The bundled MNIST files, the typeset formulas, the WASM binaries: all from the app's origin.
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, sources]) => `${name} ${sources.join(' ')}`)
  .join('; ');

export function cspPlugin(): Plugin {
  return {
    name: 'lr-studio-csp',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (ctx.server) return html;
        // Before any script or stylesheet: the policy applies to what follows it (the charset stays first).
        const meta = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`;
        return /<meta charset[^>]*>/i.test(html) ? html.replace(/<meta charset[^>]*>/i, (m) => `${m}\n    ${meta}`) : html.replace(/<head>/i, `<head>\n    ${meta}`);
      },
    },
    configurePreviewServer(server) {
      server.middlewares.use((_req, res, next) => {
        res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
        next();
      });
    },
  };
}
