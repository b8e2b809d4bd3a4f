/**
 * `node --import tsx test/helpers/import-then-hang.ts FOLDER` with DATABASE_URL: imports the
 * folder's reports as the import command does, except that the second write transaction (the
 * second batch of reports), once all its statements ran, says `hanging` on stdout and blocks
 * before its commit — so a test kills the import inside a transaction at a point it knows, not
 * wherever a race lands.
 */
import { writeSync } from 'node:fs';
import { getDb, type Db } from '../../db/client';
import { collectFiles, importFiles } from '../../db/import';

const db = await getDb();
let writes = 0;
const hangInSecondWrite: Db = {
  ...db,
  write: (work) =>
    db.write(
      ++writes !== 2
        ? work
        : function* (tx) {
            const result = yield* work(tx);
            writeSync(1, 'hanging\n');
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // until killed
            return result;
          },
    ),
};
const { files } = await collectFiles(process.argv.slice(2));
// Full batches and the import log written at the end only: the first transaction stores exactly
// the first BATCH (100) reports and the second is the next batch, however busy the machine.
await importFiles(hangInSecondWrite, files, { batchWaitMs: Infinity, logFlushMs: Infinity });
process.stderr.write('import-then-hang: the import ended without a second write transaction\n');
process.exit(2);
