/**
 * The order in which training examples are visited: one seeded permutation per epoch, read
 * sequentially. Every network of a session has its own stream made from the same seed, so all
 * three see exactly the same examples in the same order (whatever their batch sizes).
 */
import { createRng, permutation } from '../random';

export interface StreamPosition {
  readonly epoch: number;
  readonly cursor: number;
}

export class DataStream {
  private order: Uint32Array;
  private cursor = 0;
  private epochIndex = 0;

  constructor(
    private readonly count: number,
    private readonly seed: number,
  ) {
    if (!(count > 0)) throw new Error('a data stream needs at least one example');
    this.order = this.permutationOf(0);
  }

  /** Epochs completed so far (fractional: 1.5 = halfway through the second). */
  get epoch(): number {
    return this.epochIndex + this.cursor / this.count;
  }

  /** The next `batchSize` example indices, continuing into the next epoch's order if needed. */
  next(batchSize: number): Uint32Array {
    const batch = new Uint32Array(batchSize);
    for (let i = 0; i < batchSize; i++) {
      if (this.cursor === this.count) {
        this.epochIndex++;
        this.order = this.permutationOf(this.epochIndex);
        this.cursor = 0;
      }
      batch[i] = this.order[this.cursor++]!;
    }
    return batch;
  }

  /** Where the stream stands: the epoch and how many of its examples were read. */
  position(): StreamPosition {
    return { epoch: this.epochIndex, cursor: this.cursor };
  }

  /** Continues from a position `position()` gave (of a stream with the same seed and count). */
  seek(position: StreamPosition): void {
    const { epoch, cursor } = position;
    if (!Number.isInteger(epoch) || epoch < 0 || !Number.isInteger(cursor) || cursor < 0) {
      throw new Error(`invalid stream position ${epoch}/${cursor}`);
    }
    if (cursor > this.count) throw new Error(`cursor ${cursor} beyond ${this.count} examples`);
    this.epochIndex = epoch;
    this.cursor = cursor;
    this.order = this.permutationOf(epoch);
  }

  /** Back to the start of epoch 0. */
  rewind(): void {
    this.epochIndex = 0;
    this.cursor = 0;
    this.order = this.permutationOf(0);
  }

  private permutationOf(epoch: number): Uint32Array {
    // Epoch e's order depends only on (seed, e): rewinding or replaying gives the same batches.
    return permutation(this.count, createRng((this.seed * 1_000_003 + epoch) >>> 0));
  }
}
