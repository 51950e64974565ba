import { readFile } from "node:fs/promises";
import { UsageError } from "./errors.ts";

/** The text of a file an option names; one that cannot be read is a `UsageError` with its code. */
export async function readOptionFile(option: string, path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `--${option}: cannot read ${path} (${(error as NodeJS.ErrnoException).code})`,
    );
  }
}
