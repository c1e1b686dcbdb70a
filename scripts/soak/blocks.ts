/**
 * Generated blocks in markdown files: `<!-- key:begin -->` … `<!-- key:end -->`. The soak keeps
 * one inner block per dataset (and extra URL parameters) inside one outer block, so a MNIST run
 * does not erase the moons figures. Pure string work.
 */

const begin = (key: string) => `<!-- ${key}:begin -->`;
const end = (key: string) => `<!-- ${key}:end -->`;

/** `text` with the block `key`'s content replaced; throws if the block is missing. */
export function replaceBlock(text: string, key: string, content: string): string {
  const from = text.indexOf(begin(key));
  const to = text.indexOf(end(key));
  if (from < 0 || to < from) throw new Error(`no ${begin(key)} … ${end(key)} block`);
  return `${text.slice(0, from + begin(key).length)}\n${content}\n${text.slice(to)}`;
}

/** `text` with block `inner` (inside block `outer`) set to `content`: replaced where it is, else
 * added at the end of `outer`. */
export function upsertInnerBlock(
  text: string,
  outer: string,
  inner: string,
  content: string,
): string {
  if (text.includes(begin(inner))) return replaceBlock(text, inner, content);
  const to = text.indexOf(end(outer));
  if (to < 0 || text.indexOf(begin(outer)) < 0)
    throw new Error(`no ${begin(outer)} … ${end(outer)} block`);
  return `${text.slice(0, to)}${begin(inner)}\n${content}\n${end(inner)}\n${text.slice(to)}`;
}
