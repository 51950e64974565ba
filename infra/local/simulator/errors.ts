import { ShepherdError } from "../../../shared/errors.ts";

/** A scenario file or object that does not describe a playable scenario. `path` names the field. */
export class ScenarioError extends ShepherdError {
  readonly path: string;
  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(path ? `scenario ${path}: ${problem}` : `scenario: ${problem}`, options);
    this.path = path;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), path: this.path };
  }
}

/** The simulator itself could not start or was used wrongly (not a simulated cloud error). */
export class SimulatorError extends ShepherdError {}
