import { expect, it } from 'vitest';
import { CancelledError, JobRegistry } from '../../src/worker/jobs';

it('cancels only running requests, and forgets them when they finish', () => {
  const jobs = new JobRegistry();
  jobs.start(1);
  jobs.start(2);
  expect(jobs.cancel(1)).toBe(true);
  expect(() => jobs.throwIfCancelled(1)).toThrow(CancelledError);
  expect(() => jobs.throwIfCancelled(2)).not.toThrow();
  jobs.finish(1);
  expect(jobs.cancel(1)).toBe(false);
  expect(() => jobs.throwIfCancelled(1)).not.toThrow();
  expect(jobs.cancel(99)).toBe(false);
});
