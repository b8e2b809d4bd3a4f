// Entry of the PDF worker thread (pdf-isolated.ts): loader hooks are not inherited by worker
// threads, so register tsx's here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./pdf-worker.ts');
