/**
 * Issue 24 finding 16: 1,000 uploads 50 at a time each parsed at once (p50 9.6 s, connection
 * resets, pages waiting 6.5 s). Uploads now take one of a few parse slots per process before
 * their body is read; a few more wait in order, and beyond that the answer is 503 with
 * Retry-After. The slots are tested by who holds them, not by timing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeDb, getDb, type Db } from '../db/client';
import { authFor } from '../server/auth';
import { createUser } from '../server/users';
import { PARSE_QUEUE, PARSE_SLOTS, Slots, SlotsFull, uploadSlots } from '../server/parse-slots';
import * as upload from '../app/api/upload/route';
import { count, freshDatabaseUrl } from './helpers/db';
import { FIXTURES } from './helpers/fixtures';

describe('Slots', () => {
  test('at most `running` at once, `waiting` more served in arrival order, the next refused with Retry-After', async () => {
    const slots = new Slots(2, 2, 7);
    const order: string[] = [];
    const a = await slots.acquire();
    const b = await slots.acquire();
    expect(slots.state).toEqual({ active: 2, waiting: 0 });
    const c = slots.acquire().then((r) => (order.push('c'), r));
    const d = slots.acquire().then((r) => (order.push('d'), r));
    expect(slots.state).toEqual({ active: 2, waiting: 2 });
    const e = await slots.acquire().then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(SlotsFull);
    expect((e as SlotsFull).status).toBe(503);
    const res = (e as SlotsFull).response();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({ error: '服务器正忙（同时处理的上传已达上限），请 7 秒后重试' });
    b();
    b(); // a second release of the same slot is ignored
    const releaseC = await c;
    expect(order).toEqual(['c']);
    expect(slots.state).toEqual({ active: 2, waiting: 1 });
    a();
    const releaseD = await d;
    expect(order).toEqual(['c', 'd']);
    releaseC();
    releaseD();
    expect(slots.state).toEqual({ active: 0, waiting: 0 });
  });
});

describe('POST /api/upload with every parse slot taken', () => {
  const ORIGIN = 'http://127.0.0.1:3000';
  let db: Db;
  let drop: () => Promise<void>;
  let cookie: string;

  beforeAll(async () => {
    process.env.BETTER_AUTH_SECRET = 'slots-test-secret-slots-test-secret-0123';
    const fresh = await freshDatabaseUrl('slots');
    drop = fresh.drop;
    process.env.DATABASE_URL = fresh.url;
    db = await getDb();
    await createUser(db, { username: 'uploader', password: 'uploader-password-1', role: 'reviewer', regionCode: null });
    const res = await authFor(db).handler(
      new Request(`${ORIGIN}/api/auth/sign-in/username`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-forwarded-for': '10.8.0.1' },
        body: JSON.stringify({ username: 'uploader', password: 'uploader-password-1' }),
      }),
    );
    expect(res.status).toBe(200);
    cookie = /gongkai\.session_token=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  });
  afterAll(async () => {
    await closeDb();
    await drop();
  });

  const post = () => {
    const form = new FormData();
    form.set('file', new File([readFileSync(join(FIXTURES, 'real', '001_huaian-city-2024.txt'))], '001_huaian-city-2024.txt'));
    return upload.POST(
      new Request(`${ORIGIN}/api/upload`, { method: 'POST', headers: { origin: ORIGIN, host: '127.0.0.1:3000', cookie }, body: form }),
    );
  };

  test('a queued upload runs when a slot frees; one past the queue is 503 with Retry-After and stores nothing', async () => {
    const slots = uploadSlots();
    const held = await Promise.all(Array.from({ length: PARSE_SLOTS }, () => slots.acquire()));
    const queued: Promise<() => void>[] = Array.from({ length: PARSE_QUEUE - 1 }, () => slots.acquire());
    // One place is left in the queue: this upload takes it and waits.
    const waiting = post();
    while (slots.state.waiting < PARSE_QUEUE) await slots.changed();
    expect(slots.state).toEqual({ active: PARSE_SLOTS, waiting: PARSE_QUEUE });
    const refused = await post();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect((await refused.json()).error).toMatch(/^服务器正忙/);
    expect(await count(db, 'select count(*) as n from reports')).toBe(0);
    // Free the slots: the queued holders first (in order), then the waiting upload is parsed.
    for (const r of held) r();
    for (const q of queued) (await q)();
    const res = await waiting;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'imported' });
    expect(await count(db, 'select count(*) as n from reports')).toBe(1);
    expect(slots.state).toEqual({ active: 0, waiting: 0 });
  });
});
