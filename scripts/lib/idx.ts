/**
 * Reader for the IDX files MNIST and Fashion-MNIST are distributed in (big-endian header, then raw
 * uint8 data). See the format note on the original MNIST page: magic 0x00000803 for images
 * (N × rows × cols), 0x00000801 for labels (N).
 */

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols pixels, row-major, 0 = background. */
  pixels: Uint8Array;
}

const IMAGES_MAGIC = 0x803;
const LABELS_MAGIC = 0x801;

export function parseIdxImages(bytes: Uint8Array): IdxImages {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== IMAGES_MAGIC) {
    throw new Error(`not an IDX image file: magic 0x${magic.toString(16)}, expected 0x803`);
  }
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  const expected = 16 + count * rows * cols;
  if (bytes.byteLength !== expected) {
    throw new Error(`IDX image file has ${bytes.byteLength} bytes, header implies ${expected}`);
  }
  return { count, rows, cols, pixels: bytes.subarray(16) };
}

export function parseIdxLabels(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== LABELS_MAGIC) {
    throw new Error(`not an IDX label file: magic 0x${magic.toString(16)}, expected 0x801`);
  }
  const count = view.getUint32(4);
  if (bytes.byteLength !== 8 + count) {
    throw new Error(`IDX label file has ${bytes.byteLength} bytes, header implies ${8 + count}`);
  }
  return bytes.subarray(8);
}

/**
 * Indices of the first `perClass` examples of each class, in their original order. A balanced,
 * deterministic subset: the same source files always give the same bytes.
 */
export function firstPerClass(labels: Uint8Array, numClasses: number, perClass: number): number[] {
  const taken = new Array<number>(numClasses).fill(0);
  const picked: number[] = [];
  for (let i = 0; i < labels.length && picked.length < numClasses * perClass; i++) {
    const label = labels[i]!;
    if (label >= numClasses) throw new Error(`label ${label} at ${i} is out of range`);
    if (taken[label]! < perClass) {
      taken[label]!++;
      picked.push(i);
    }
  }
  if (picked.length < numClasses * perClass) {
    throw new Error(`source has fewer than ${perClass} examples of some class`);
  }
  return picked;
}
