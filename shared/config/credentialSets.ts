import type { Credentials } from "../client/types.ts";
import { ConfigError } from "../errors.ts";

/**
 * The loaded credential sets, by name. A set that failed to load keeps its error, which `get`
 * throws, so one missing or malformed secret fails the clusters that use it and no others.
 */
export class CredentialSets {
  readonly #sets: ReadonlyMap<string, Credentials | ConfigError>;

  constructor(sets: Iterable<readonly [string, Credentials | ConfigError]>) {
    this.#sets = new Map(sets);
  }

  get names(): string[] {
    return [...this.#sets.keys()];
  }

  /** The sets that could not be loaded, to report once at cold start. */
  get errors(): ConfigError[] {
    return [...this.#sets.values()].filter((v): v is ConfigError => v instanceof ConfigError);
  }

  get(name: string): Credentials {
    const set = this.#sets.get(name);
    if (set === undefined) {
      throw new ConfigError("credentials", `credential set "${name}" was not loaded`);
    }
    if (set instanceof ConfigError) throw set;
    return set;
  }

  toJSON(): { names: string[]; failed: string[] } {
    return {
      names: this.names,
      failed: this.names.filter((name) => this.#sets.get(name) instanceof ConfigError),
    };
  }
}
