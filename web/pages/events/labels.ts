import type { EventType } from "../../../common/schemas/events.ts";

/** One colour per kind of event, the same in every view (Mantine palette names). */
export const typeColour: Record<EventType, string> = {
  coordination_meeting: "blue",
  training: "teal",
  workshop: "grape",
  assessment: "orange",
  distribution: "green",
  public_event: "pink",
};
