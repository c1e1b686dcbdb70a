/**
 * What fuzzers feed the readers (fast-check arbitraries), shared by the node fuzzers
 * (test/unit/fuzz-readers.test.ts) and the browser pass over the built app (e2e/fuzz.spec.ts).
 */
import fc from 'fast-check';

/** Values a hostile or careless link or file holds. */
export const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e309', '-0', '0x10', '', ' ', '1,5', 'null'),
  fc.double().map(String),
  fc.integer().map(String),
  fc.bigInt().map(String),
);

/** A copy of `bytes` hurt the way files get hurt: bytes changed, cut, inserted or dropped. */
export const damaged = (bytes: Uint8Array) =>
  fc
    .array(
      fc.oneof(
        fc.record({
          kind: fc.constant('flip' as const),
          at: fc.nat(),
          bits: fc.integer({ min: 1, max: 255 }),
        }),
        fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
        fc.record({
          kind: fc.constant('insert' as const),
          at: fc.nat(),
          value: fc.uint8Array({ minLength: 1, maxLength: 16 }),
        }),
        fc.record({
          kind: fc.constant('drop' as const),
          at: fc.nat(),
          length: fc.integer({ min: 1, max: 64 }),
        }),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) => {
      let out = bytes.slice();
      for (const edit of edits) {
        const at = out.length === 0 ? 0 : edit.at % out.length;
        if (edit.kind === 'flip' && out.length > 0) out[at] = out[at]! ^ edit.bits;
        if (edit.kind === 'cut') out = out.slice(0, at);
        if (edit.kind === 'insert')
          out = Uint8Array.from([...out.subarray(0, at), ...edit.value, ...out.subarray(at)]);
        if (edit.kind === 'drop')
          out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + edit.length)]);
      }
      return out;
    });
