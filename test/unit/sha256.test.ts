import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/sha256';

it('sha256Hex gives the FIPS 180-2 test vector and agrees with node:crypto', async () => {
  // FIPS 180-2, appendix B.1: SHA-256("abc").
  expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  );
  // A view into a larger buffer hashes only its own bytes.
  const buffer = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) % 256);
  const view = buffer.subarray(100, 900);
  expect(await sha256Hex(view)).toBe(createHash('sha256').update(view).digest('hex'));
  expect(await sha256Hex(new Uint8Array())).toBe(createHash('sha256').digest('hex'));
});
