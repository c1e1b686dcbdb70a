/** SHA-256 of bytes, the same in the browser, a worker and node (the CLI and scripts). */

/**
 * Lower-case hex SHA-256 of `bytes`. WebCrypto's `crypto.subtle` is a global in browsers, workers
 * and node ≥ 20, so one implementation serves all three; no `node:crypto` import keeps the core
 * free of platform choices.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // subtle.digest's types ask for an ArrayBuffer-backed view; any Uint8Array works at run time.
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
