/** Moved to test/suites (the suites run on every backend); re-exported for existing imports. */
export * from '../suites/autodiff-testkit';
