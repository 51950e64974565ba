import { ShepherdError } from "../errors.ts";

/** The handler passed an action a cluster other than the one its due event names: a wiring bug. */
export class ActionInputError extends ShepherdError {}
