// The channel list lives in shared/model (events carry it too); notify keeps its old import path.
export * from "../model/receiverType.ts";
