import { describe, expect, it } from 'vitest';
import { Lru } from '../lib/cache/lru';

describe('Lru', () => {
  it('drops the entry read or written longest ago', () => {
    const l = new Lru<number, string>(2);
    l.set(1, 'a');
    l.set(2, 'b');
    expect(l.get(1)).toBe('a'); // 1 is now the most recent
    l.set(3, 'c');
    expect(l.get(2)).toBeUndefined();
    expect([l.get(1), l.get(3), l.size]).toEqual(['a', 'c', 2]);
    l.set(1, 'a2'); // overwriting refreshes too
    l.set(4, 'd');
    expect([l.get(3), l.get(1), l.get(4)]).toEqual([undefined, 'a2', 'd']);
  });

  it('refuses a size below one', () => {
    expect(() => new Lru(0)).toThrow('at least one');
  });
});
