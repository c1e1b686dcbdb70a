/**
 * Provenance inside a PNG: a tEXt chunk (keyword + Latin-1 text, before IEND) holding the
 * provenance as ASCII JSON, readable with any PNG tool (`exiftool`, Python's PIL `im.text`).
 * Chunk splitting, CRCs and encoding are the png-chunks-* libraries'.
 */
import extractChunks from 'png-chunks-extract';
import encodeChunks from 'png-chunks-encode';
import * as textChunk from 'png-chunk-text';

/** The tEXt keyword exports use. */
export const PROVENANCE_KEYWORD = 'curvature-lab:provenance';

/** A copy of the PNG with a tEXt chunk added before IEND (the text must be Latin-1). */
export function withTextChunk(png: Uint8Array, keyword: string, text: string): Uint8Array {
  const chunks = extractChunks(png);
  const end = chunks.findIndex((c) => c.name === 'IEND');
  chunks.splice(end < 0 ? chunks.length : end, 0, textChunk.encode(keyword, text));
  return encodeChunks(chunks);
}

/** Every tEXt chunk of a PNG, keyword → text. */
export function textChunks(png: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const chunk of extractChunks(png)) {
    if (chunk.name !== 'tEXt') continue;
    const { keyword, text } = textChunk.decode(chunk.data);
    out[keyword] = text;
  }
  return out;
}
