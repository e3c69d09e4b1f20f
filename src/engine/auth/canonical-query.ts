// SigV4's canonical query string, built from the parsed parameters themselves: the SDK's signer collects it in a
// plain object keyed by parameter name, where a parameter named `__proto__` is lost and a correct signature from any
// other client (curl, the CLI) fails to verify.

/** AWS's UriEncode: RFC 3986 unreserved characters stay, every other byte is %XX (upper-case hex). */
const uriEncode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Code point order of the encoded (ASCII) text, as AWS sorts. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Names and values encoded, sorted by name and then by value, joined as `name=value&...`. */
export function canonicalQuery(query: ReadonlyMap<string, readonly string[]>): string {
  return [...query]
    .map(([name, values]) => [uriEncode(name), values.map(uriEncode).sort(byCodePoint)] as const)
    .sort(([a], [b]) => byCodePoint(a, b))
    .flatMap(([name, values]) => values.map((value) => `${name}=${value}`))
    .join('&');
}
