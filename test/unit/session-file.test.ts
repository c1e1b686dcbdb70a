/**
 * The session file (src/core/session/sessionFile.ts): a round trip gives back every array bit
 * for bit (curves with NaN included); every damaged, foreign, newer or tampered file is refused
 * with a message that says what is wrong, and reading never throws.
 */
import { describe, expect, it } from 'vitest';
import { readSessionFile, writeSessionFile } from '../../src/core/session/sessionFile';
import { badSessionFiles, rewriteHeader } from '../kit/badSessions';
import { sampleSession } from '../kit/sampleSession';

describe('session file', () => {
  it('round-trips every array bit for bit', async () => {
    const data = sampleSession();
    const bytes = await writeSessionFile(data);
    const read = await readSessionFile(bytes);
    if (!read.ok) throw new Error(read.message);
    expect(read.session).toEqual(data);
    const loss = read.session.histories.standard['loss']!;
    expect(Number.isNaN(loss.values[1])).toBe(true);
    expect(Number.isNaN(loss.latest!.value)).toBe(true);
  });

  it('refuses each bad file with a message naming the fault', async () => {
    const good = await writeSessionFile(sampleSession());
    const cases = await badSessionFiles(good);
    expect(cases.length).toBeGreaterThanOrEqual(50);
    for (const { name, bytes, fault } of cases) {
      const read = await readSessionFile(bytes, 'lab.curvlab');
      expect(read.ok, name).toBe(false);
      if (!read.ok) {
        expect(read.message, name).toMatch(/^lab\.curvlab was not loaded: /);
        expect(read.message, name).toMatch(fault);
      }
    }
  });

  it('reads a rewritten header only when it is still valid', async () => {
    const good = await writeSessionFile(sampleSession());
    const same = await rewriteHeader(good, (h) => h);
    expect((await readSessionFile(same)).ok).toBe(true);
  });
});
