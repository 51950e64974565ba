import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { StatusStore } from "./statusStore.ts";

/**
 * A StatusStore in a local directory, for the local stack (`npm start` serves it). Keys become
 * paths under `dir`; a key that would leave it is refused. Writes go through a temporary file
 * and a rename, so the page server never reads half a page.
 */
export function fileStatusStore(dir: string): StatusStore {
  const pathOf = (key: string) => {
    const path = join(dir, key);
    if (relative(dir, path).startsWith("..")) throw new RangeError(`key ${key} leaves the store`);
    return path;
  };
  return {
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, body, "utf8");
      await rename(tmp, path);
    },
    async list(prefix) {
      const base = pathOf(prefix.endsWith("/") ? prefix : dirname(prefix));
      const files = await readdir(base, { recursive: true }).catch(() => [] as string[]);
      return files
        .map((f) => relative(dir, join(base, f)).split(sep).join("/"))
        .filter((k) => k.startsWith(prefix) && !k.endsWith(".tmp"))
        .sort();
    },
    async get(key) {
      return readFile(pathOf(key), "utf8").catch(() => null);
    },
  };
}
