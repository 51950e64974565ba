import * as z from "zod";
import { ProviderSchema } from "../shared/model/cluster.ts";
import { UsageError } from "./errors.ts";
import { readOptionFile } from "./readOptionFile.ts";
import { describeJsonError } from "./redact.ts";

const KeyPair = z.object({ ak: z.string(), sk: z.string() });

/** The simulator's first stdout line (`upgrade-shepherd simulate`), as far as `poll` reads it. */
export const SimulatorLineSchema = z.object({
  url: z.url(),
  credentials: z.array(KeyPair),
  rejectedCredentials: z.array(KeyPair).optional(),
  clusters: z.array(
    z.object({
      provider: ProviderSchema,
      region: z.string(),
      projectId: z.string().optional(),
      clusterId: z.string(),
      name: z.string(),
    }),
  ),
  clusterCredentials: z.record(z.string(), z.string()).optional(),
  /** At wall time `wallTime` the scenario clock read `scenarioTime`, and it runs `speed`× real time. */
  clock: z
    .object({
      scenarioTime: z.iso.datetime(),
      wallTime: z.iso.datetime(),
      speed: z.number().min(0),
    })
    .optional(),
});
export type SimulatorLine = z.infer<typeof SimulatorLineSchema>;

/** Reads the first line of a file that holds what `simulate` printed. */
export async function readSimulatorLine(path: string): Promise<SimulatorLine> {
  const text = await readOptionFile("simulator", path);
  const first = text.split("\n")[0] ?? "";
  let data: unknown;
  try {
    data = JSON.parse(first);
  } catch (error) {
    throw new UsageError(
      `--simulator ${path}: the first line is not what simulate prints (${describeJsonError(error, first)})`,
    );
  }
  const result = SimulatorLineSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new UsageError(
      `--simulator ${path}: the first line is not what simulate prints (${issue?.path.join(".")}: ${issue?.message})`,
    );
  }
  return result.data;
}

/** The simulator's scenario time at wall time `wallNow`, from the clock its first line states. */
export function scenarioNow(line: SimulatorLine, wallNow: Date): Date {
  if (!line.clock) {
    throw new UsageError("--simulator: the first line states no clock; give --at instead");
  }
  const { scenarioTime, wallTime, speed } = line.clock;
  return new Date(Date.parse(scenarioTime) + (wallNow.getTime() - Date.parse(wallTime)) * speed);
}
