/**
 * CSV exports: one tidy table (a row per observation, a column per variable), preceded by
 * `#`-prefixed lines holding the provenance (one `# key: value` line per top-level field, values
 * as JSON), which most readers skip as comments (pandas: `comment='#'`; R: `comment.char = "#"`).
 */
import type { Provenance } from './provenance';

export type CsvValue = string | number | null;

/** A field quoted when it holds a comma, quote or line break (RFC 4180). */
function field(value: CsvValue): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? numberText(value) : value;
  return /[",\r\n#]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Numbers round-trip: the shortest decimal that reads back as the same float64. */
function numberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  return String(value);
}

export function tidyCsv(
  provenance: Provenance,
  columns: readonly string[],
  rows: readonly (readonly CsvValue[])[],
): string {
  const header = Object.entries(provenance).map(
    ([key, value]) => `# ${key}: ${JSON.stringify(value)}`,
  );
  const lines = [columns.map(field).join(','), ...rows.map((row) => row.map(field).join(','))];
  return `${[...header, ...lines].join('\n')}\n`;
}
