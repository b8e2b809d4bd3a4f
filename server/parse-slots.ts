/**
 * How many uploads a server process parses at once. Parsing is CPU work on the request's thread
 * (text reports) or the one PDF worker, and each waiting upload holds its file in memory: 1,000
 * uploads 50 at a time made pages wait 6.5 s and reset connections. So an upload takes a slot
 * before its body is read: at most PARSE_SLOTS run, up to PARSE_QUEUE wait their turn in order,
 * and any more are answered 503 with Retry-After at once (the browser's upload panel sends two at
 * a time, so it never meets the refusal). Per process: `npm start` runs one per core, each with
 * its own slots, which is what bounds each core's work.
 */
import 'server-only';
import { HttpError } from './session';

export const PARSE_SLOTS = 2;
export const PARSE_QUEUE = 8;
/** Seconds a refused upload is told to wait: about one parse of a large report. */
export const PARSE_RETRY_AFTER = 5;

/** Every slot taken and the queue full: answered 503 with Retry-After. */
export class SlotsFull extends HttpError {
  constructor(readonly retryAfter: number) {
    super(503, `服务器正忙（同时处理的上传已达上限），请 ${retryAfter} 秒后重试`);
  }

  response(): Response {
    return Response.json({ error: this.message }, { status: 503, headers: { 'Retry-After': String(this.retryAfter) } });
  }
}

/** At most `running` holders at once; up to `waiting` more wait in arrival order; beyond that, SlotsFull. */
export class Slots {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private watchers: (() => void)[] = [];

  constructor(
    readonly running: number,
    readonly waiting: number,
    readonly retryAfter = PARSE_RETRY_AFTER,
  ) {}

  get state(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.queue.length };
  }

  /** Resolves at the next change of `state` (for tests and monitoring: no polling, no timers). */
  changed(): Promise<void> {
    return new Promise((resolve) => this.watchers.push(resolve));
  }

  private notify(): void {
    const w = this.watchers;
    this.watchers = [];
    for (const f of w) f();
  }

  /** A slot (waiting for one if need be); call the returned release exactly once when done. */
  async acquire(): Promise<() => void> {
    if (this.active < this.running) {
      this.active++;
      this.notify();
    } else if (this.queue.length < this.waiting) {
      const turn = new Promise<void>((resolve) => this.queue.push(resolve));
      this.notify();
      await turn;
    } else throw new SlotsFull(this.retryAfter);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The slot passes straight to the next in line (active unchanged), or is freed.
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
      this.notify();
    };
  }
}

const state = globalThis as typeof globalThis & { __gongkaiParseSlots?: Slots };

/** The process's upload slots. */
export function uploadSlots(): Slots {
  return (state.__gongkaiParseSlots ??= new Slots(PARSE_SLOTS, PARSE_QUEUE));
}
