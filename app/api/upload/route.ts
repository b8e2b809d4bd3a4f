/**
 * POST /api/upload — one report file (multipart field `file`, optional manifest fields), through
 * the same import path as `npm run import`. Reviewers and admins only; a region-limited account
 * may store only reports of its region (or reports whose region is not settled), and may re-parse
 * or re-declare a stored report only when that report, as stored and as declared, is in its region.
 */
import { getDb } from '@/db/client';
import { importSource } from '@/db/import';
import { chineseReason } from '@/lib/import/reasons';
import { MANIFEST_FIELDS, manifestEntryFrom } from '@/lib/import/manifest';
import { actorFrom, check, checkSameOrigin, errorResponse, HttpError } from '@/server/session';
import { SlotsFull, uploadSlots } from '@/server/parse-slots';
import { writeContext } from '@/server/routes';

/** Above the largest file the import accepts (PDF/DOCX 20 MB), with room for the form. */
const MAX_BODY = 21 * 1024 * 1024;

export async function POST(req: Request): Promise<Response> {
  let release: (() => void) | undefined;
  try {
    const actor = check(await actorFrom(req.headers), 'upload');
    checkSameOrigin(req);
    const length = Number(req.headers.get('content-length') ?? 0);
    if (length > MAX_BODY) throw new HttpError(413, `文件过大（上限 ${MAX_BODY / 1024 / 1024 - 1} MB）`);
    // Bounded parse work per process (server/parse-slots.ts): taken before the body is read.
    release = await uploadSlots().acquire();
    const form = await req.formData().catch(() => null);
    const file = form?.get('file');
    if (!form || !(file instanceof File)) throw new HttpError(400, '请求中没有文件');
    const name = String(form.get('path') || file.name).slice(0, 300);
    let entry;
    try {
      entry = manifestEntryFrom(name, Object.fromEntries(MANIFEST_FIELDS.map((k) => [k, form.get(k)?.toString()])));
    } catch (err) {
      return Response.json({ file: name, outcome: 'failed', reason: (err as Error).message }, { status: 200 });
    }
    const db = await getDb();
    // The policy decides on the report as stored and as declared, and the audit row is written, in the transaction that stores it.
    const out = await importSource(
      db,
      { name, bytes: new Uint8Array(await file.arrayBuffer()), entry, uploadedBy: actor.id },
      { writer: writeContext(db, actor) },
    );
    const outOfScope = out.refused === true;
    const reason = out.outcome === 'failed' ? chineseReason(out.reason) : null;
    // A report of another region is refused (403), like every write outside the account's scope.
    return Response.json(
      { file: name, outcome: out.outcome, reason, reportId: out.reportId ?? null, ...(outOfScope ? { error: reason } : {}) },
      { status: outOfScope ? 403 : 200 },
    );
  } catch (err) {
    if (err instanceof SlotsFull) return err.response();
    return errorResponse(err);
  } finally {
    release?.();
  }
}
