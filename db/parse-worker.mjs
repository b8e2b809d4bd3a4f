// Entry of a parser thread run from source (db/parse-pool.ts, under tsx or Vitest): loader hooks
// are not inherited by worker threads, so register tsx's here, then load the TypeScript thread.
// The bundled commands (dist/*.mjs) start dist/parse-worker.mjs instead, which needs no tsx.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
