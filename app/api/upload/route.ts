/**
 * POST /api/upload — one report file (multipart field `file`, optional manifest fields), through
 * the same import path as `npm run import`. Reviewers and admins only; a region-limited account
 * may store only reports of its region (or reports whose region is not settled).
 */
import { getDb } from '@/db/client';
import { recordAudit } from '@/db/audit';
import { importSource } from '@/db/import';
import { reportTarget } from '@/db/queries/review';
import { inScope } from '@/lib/auth/policy';
import { chineseReason } from '@/lib/import/reasons';
import { MANIFEST_FIELDS, manifestEntryFrom } from '@/lib/import/manifest';
import { regionPath } from '@/lib/region/gazetteer';
import { actorFrom, check, checkSameOrigin, errorResponse, HttpError } from '@/server/session';
import { SlotsFull, uploadSlots } from '@/server/parse-slots';

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
    let outOfScope = false;
    const out = await importSource(
      db,
      { name, bytes: new Uint8Array(await file.arrayBuffer()), entry, uploadedBy: actor.id },
      {
        admit: (meta) => {
          if (inScope(actor, { regionCode: meta.region_code, townCode: meta.town_code, uploadedBy: actor.id })) return null;
          outOfScope = true;
          return `该报告属于${meta.region ?? meta.region_code}，不在您负责的地区（${regionPath(actor.regionCode!) ?? actor.regionCode}）内`;
        },
      },
    );
    await recordAudit(db, { userId: actor.id, userName: actor.username }, {
      action: 'upload',
      reportId: out.reportId ?? null,
      target: name,
      detail: { outcome: out.outcome, reason: out.reason ?? null, declared: entry ?? null },
    });
    if (out.outcome === 'unchanged' && out.reportId != null) {
      // Already stored: say so only to someone who may see that report's review.
      const target = await reportTarget(db, out.reportId);
      if (target && !inScope(actor, target)) {
        outOfScope = true;
        out.outcome = 'failed';
        out.reason = '该报告已存在，但不在您负责的地区内';
        out.reportId = undefined;
      }
    }
    const reason = out.outcome === 'failed' ? chineseReason(out.reason) : null;
    // A report of another region is refused (403), like every write outside the account's scope.
    return Response.json({ file: name, outcome: out.outcome, reason, reportId: out.reportId ?? null, ...(outOfScope ? { error: reason } : {}) }, { status: outOfScope ? 403 : 200 });
  } catch (err) {
    if (err instanceof SlotsFull) return err.response();
    return errorResponse(err);
  } finally {
    release?.();
  }
}
