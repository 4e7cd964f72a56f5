import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { heapGrowthFlag } from '../../src/server/heap-growth.js';

/**
 * The factor V8 used for the old-generation limit after one forced major collection in a fresh
 * process that first sets `flag`, as V8's own GC trace reports it ("… new limit: N KB (2.5)").
 */
function growthFactorAfterFlag(flag: string): string {
  const script = [
    "import { setFlagsFromString } from 'node:v8';",
    'setFlagsFromString(process.env.HEAP_FLAG);',
    'const kept = Array.from({ length: 100000 }, (_, i) => ({ i }));',
    'globalThis.gc();',
    'console.log(kept.length);',
  ].join('\n');
  const child = spawnSync(process.execPath, ['--expose-gc', '--trace-gc-verbose', '--input-type=module', '-e', script], { env: { ...process.env, HEAP_FLAG: flag }, encoding: 'utf8' });
  expect(child.status).toBe(0);
  const limits = [...child.stdout.matchAll(/\[HeapController\] Limit: .*\(([0-9.]+)\)/g)].map((match) => match[1]);
  expect(limits.length).toBeGreaterThan(0);
  return String(limits.at(-1));
}

describe('heap growth', () => {
  it('is a flag V8 takes: the next major collection sets its limit with that factor', () => {
    expect(growthFactorAfterFlag(heapGrowthFlag(150))).toBe('2.5');
    expect(growthFactorAfterFlag(heapGrowthFlag(50))).toBe('1.5');
  });

  it('refuses a growth that is not a whole number of percent ≥ 0', () => {
    expect(() => heapGrowthFlag(-1)).toThrow(RangeError);
    expect(() => heapGrowthFlag(12.5)).toThrow(RangeError);
  });
});
