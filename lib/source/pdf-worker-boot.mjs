// Entry of the PDF worker thread (pdf-isolated.ts). The bundled worker (dist/pdf-worker.mjs, made
// by `npm run build`) in production, or where tsx is not installed (`npm ci --omit=dev`): no
// devDependency at run time. Otherwise the TypeScript worker through tsx (loader hooks are not
// inherited by worker threads, so tsx's are registered here), so a change takes effect at once.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundled = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'pdf-worker.mjs');
let tsx = null;
if (process.env.NODE_ENV !== 'production' || !existsSync(/*turbopackIgnore: true*/ bundled)) {
  try {
    tsx = await import('tsx/esm/api');
  } catch (err) {
    if (err.code !== 'ERR_MODULE_NOT_FOUND' || !existsSync(/*turbopackIgnore: true*/ bundled)) throw err;
  }
}
if (tsx) {
  tsx.register();
  await import('./pdf-worker.ts');
} else await import(/*turbopackIgnore: true*/ pathToFileURL(bundled).href);
