/**
 * RFC 3986 percent-encoding: everything but `A-Za-z0-9-_.~`, uppercase hex, UTF-8.
 * Both clouds canonicalize with exactly this set, so one encoder serves both.
 */
export const percentEncode = (value: string): string =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** Decodes a percent-encoded component, keeping a literal `+` (it is not a space in a path or in our query strings). */
export const percentDecode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** Encodes each path segment once, keeping the slashes: `/a b/c` becomes `/a%20b/c`. */
export const encodePath = (path: string): string => path.split("/").map(percentEncode).join("/");

/** The gateway's view of a path as sent: each segment decoded, then encoded once with the strict set. */
export const canonicalPath = (pathname: string): string =>
  pathname
    .split("/")
    .map((segment) => percentEncode(percentDecode(segment)))
    .join("/");

export interface QueryPair {
  key: string;
  value: string;
}

/** Splits a raw query string (without `?`) into decoded pairs; a key without `=` has an empty value. */
export const parseQuery = (search: string): QueryPair[] => {
  const raw = search.startsWith("?") ? search.slice(1) : search;
  if (raw === "") return [];
  return raw
    .split("&")
    .filter((part) => part !== "")
    .map((part) => {
      const eq = part.indexOf("=");
      const key = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? "" : part.slice(eq + 1);
      return { key: percentDecode(key), value: percentDecode(value) };
    });
};

/** Sorts pairs by key, then by value, in UTF-16 code unit order, as both SDKs' `sort()` does. */
export const sortPairs = (pairs: readonly QueryPair[]): QueryPair[] =>
  [...pairs].sort((a, b) => (a.key === b.key ? compare(a.value, b.value) : compare(a.key, b.key)));

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Builds the query string the client sends: strict encoding for keys and values, arrays as repeated keys. */
export const buildQuery = (
  query: Record<string, string | number | boolean | readonly string[]> | undefined,
): string => {
  if (!query) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [String(value)];
    for (const v of values) parts.push(`${percentEncode(key)}=${percentEncode(v)}`);
  }
  return parts.join("&");
};
