import type { Credentials } from "../client/types.ts";
import { Redacted } from "../redacted.ts";

export { REDACTED } from "../redacted.ts";

/** Keys live in private fields behind getters: the signer reads them, nothing prints them. */
class RedactedCredentials extends Redacted implements Credentials {
  readonly #ak: string;
  readonly #sk: string;
  readonly #token: string | undefined;

  constructor(credentials: Credentials) {
    super();
    this.#ak = credentials.ak;
    this.#sk = credentials.sk;
    this.#token = credentials.token;
    Object.freeze(this);
  }

  get ak(): string {
    return this.#ak;
  }

  get sk(): string {
    return this.#sk;
  }

  get token(): string | undefined {
    return this.#token;
  }
}

export function redactCredentials(credentials: Credentials): Credentials {
  return new RedactedCredentials(credentials);
}
