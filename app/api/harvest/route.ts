/**
 * POST /api/harvest — harvest report URLs from the browser (reviewers and admins). JSON body:
 * { urls: "one URL a line", years?: "2019-2025", confirm?: boolean }. Without `confirm` it is a
 * preview: everything is fetched and sorted out, nothing stored. With it, each report found is
 * stored as an upload by the signed-in account: the policy decides on each inside the transaction
 * that stores it (a region-limited reviewer stores only its region's reports), with its audit row,
 * and the harvest itself gets one. Loopback and private addresses are always refused here.
 */
import { getDb } from '@/db/client';
import { parseYearRange } from '@/lib/harvest/title';
import { formOf, type HarvestItemView } from '@/lib/harvest/view';
import { actorFrom, check, checkSameOrigin, errorResponse, HttpError } from '@/server/session';
import { jsonBody, str, writeContext } from '@/server/routes';
import { harvest } from '@/server/harvest/harvest';

/** URLs one request may name: a region's columns, not a crawl of the web. */
const MAX_URLS = 50;
/** One harvest at a time in this process: each is many requests to portals. */
let running = false;

export async function POST(req: Request): Promise<Response> {
  try {
    const actor = check(await actorFrom(req.headers), 'harvest');
    checkSameOrigin(req);
    const body = await jsonBody(req);
    const urls = [
      ...new Set(
        (str(body.urls) ?? '')
          .split(/\s+/)
          .map((u) => u.trim())
          .filter(Boolean),
      ),
    ];
    if (!urls.length) throw new HttpError(400, '请填写至少一个网址');
    if (urls.length > MAX_URLS) throw new HttpError(400, `一次最多 ${MAX_URLS} 个网址`);
    const bad = urls.find((u) => !/^https?:\/\/[^\s/]+/i.test(u));
    if (bad) throw new HttpError(400, `不是 http(s) 网址：${bad.slice(0, 200)}`);
    let years;
    const y = str(body.years)?.trim();
    if (y) {
      try {
        years = parseYearRange(y);
      } catch (e) {
        throw new HttpError(400, `年份格式错误：${(e as Error).message}`);
      }
    }
    if (running) throw new HttpError(429, '已有一次抓取在进行，请稍后再试');
    running = true;
    try {
      const db = await getDb();
      const confirm = body.confirm === true;
      const summary = await harvest(db, urls, {
        years,
        preview: !confirm,
        who: { userId: actor.id, userName: actor.username },
        importOptions: confirm ? { writer: writeContext(db, actor) } : undefined,
      });
      const items: HarvestItemView[] = summary.items.map((i) => ({
        url: i.url,
        title: i.title,
        published: i.published,
        status: i.status,
        reason: i.reason,
        reportId: i.reportId,
        form: formOf(i.file),
      }));
      return Response.json({ items, counts: summary.counts, requests: summary.requests });
    } finally {
      running = false;
    }
  } catch (err) {
    return errorResponse(err);
  }
}
