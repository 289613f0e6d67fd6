import { describe, expect, it } from 'vitest';
import { keptRead } from '@/lib/background/kept-read';

describe('keptRead', () => {
  it('reads once for every caller until dropped', async () => {
    let reads = 0;
    const kept = keptRead(async () => ++reads);
    expect(await Promise.all([kept.get(), kept.get()])).toEqual([1, 1]);
    expect(await kept.get()).toBe(1);
    kept.drop();
    expect(await kept.get()).toBe(2);
    expect(reads).toBe(2);
  });

  it('a failed read is not kept: the next caller reads again', async () => {
    let reads = 0;
    const kept = keptRead(async () => {
      if (++reads === 1) throw new Error('storage unavailable');
      return 'settings';
    });
    await expect(kept.get()).rejects.toThrow('storage unavailable');
    expect(await kept.get()).toBe('settings');
    expect(await kept.get()).toBe('settings');
    expect(reads).toBe(2);
  });
});
