import { readFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";

export interface Machine {
  cpu: string;
  cores: number;
  memoryMb: number;
  node: string;
  platform: string;
  esbuild: string;
  date: string;
}

const version = (pkg: string): string => {
  try {
    const url = new URL(`../../node_modules/${pkg}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
};

/** What the figures were measured on: they compare only within one run on one machine. */
export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memoryMb: Math.round(totalmem() / 1024 / 1024),
    node: process.version,
    platform: `${process.platform} ${release()} ${process.arch}`,
    esbuild: version("esbuild"),
    date: new Date().toISOString(),
  };
}
