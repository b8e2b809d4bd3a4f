/**
 * GET /audit/export?<the /audit page's filters> — the audit log as CSV (UTF-8 with a byte-order
 * mark, CRLF, formula-like text neutralised), newest first, the same filters as the page. Signed-in
 * accounts allowed to view the log only. Streamed in id-keyset batches: memory stays bounded
 * however long the log is.
 */
import type { NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { auditBatches } from '@/db/queries/audit';
import { AUDIT_CSV_HEADER, auditCsvLine, parseAuditQuery } from '@/lib/audit/view';
import { CSV_BOM, csvLine } from '@/lib/charts/csv';
import { actorFrom, check, errorResponse, HttpError } from '@/server/session';

export async function GET(request: NextRequest): Promise<Response> {
  try {
    check(await actorFrom(request.headers), 'view_audit');
    const q = parseAuditQuery(request.nextUrl.searchParams);
    if (q.errors.length) throw new HttpError(400, q.errors[0]);
    const db = await getDb();
    const batches = auditBatches(db, q.filter, { upto: q.upto });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(`${CSV_BOM}${csvLine(AUDIT_CSV_HEADER)}\r\n`));
      },
      async pull(controller) {
        const next = await batches.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(next.value.map((r) => `${auditCsvLine(r)}\r\n`).join('')));
      },
      async cancel() {
        await batches.return(undefined);
      },
    });
    const date = new Date().toISOString().slice(0, 10);
    return new Response(body, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="audit-${date}.csv"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
