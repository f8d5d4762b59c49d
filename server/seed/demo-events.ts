import { sql } from "drizzle-orm";
import { type EventType, eventInput } from "../../common/schemas/events.ts";
import type { Db } from "../db/client.ts";
import { systemActor } from "../modules/audit/audit.service.ts";
import { createEvent } from "../modules/events/events.service.ts";
import { firstOccurrenceFrom, instantToLocal } from "../modules/events/recurrence.ts";

/**
 * A month of meetings around today for each demo response, on its demo platforms: the rhythm of
 * a real coordination calendar (weekly sector meetings, the fortnightly ISCG, monthly clusters,
 * trainings, a distribution, a public event), dated from the Monday of the current week so the
 * demo stays current. Written through the events service, so each is validated and audited.
 */

interface DemoEvent {
  title: string;
  type: EventType;
  platform?: string;
  sectors?: string[];
  organisers?: string[];
  /** Days after the Monday of the current week (local); a rule moves it to its first date on or after. */
  day: number;
  start: string;
  end: string;
  recurrence?: "weekly" | "monthly" | { rrule: string };
  place?: string;
  online?: string;
  visibility?: "public" | "signed_in";
  description?: string;
}

const cxb = "ISCG office, Cox's Bazar";

const rohingyaEvents: DemoEvent[] = [
  {
    title: "WASH Sector coordination meeting",
    type: "coordination_meeting",
    platform: "WASH",
    sectors: ["WASH"],
    organisers: ["UNICEF", "ACF"],
    day: -20,
    start: "10:00",
    end: "11:30",
    recurrence: "weekly",
    place: `WASH Sector meeting room, ${cxb}`,
    online: "https://meet.example.org/rohingya-wash-sector",
    description:
      "Weekly meeting of WASH partners: water supply and desludging gaps by camp, hygiene promotion, cholera preparedness, any other business. Send updates to the WASH information management officer by Monday noon.",
  },
  {
    title: "ISCG Sector Coordinators meeting",
    type: "coordination_meeting",
    platform: "ISCG",
    organisers: ["ISCG Secretariat"],
    day: -21,
    start: "14:30",
    end: "16:00",
    recurrence: { rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE" },
    place: `Conference room, ${cxb}`,
    description: "Inter-sector issues, joint response plan monitoring, preparedness and common services.",
  },
  {
    title: "Health Sector coordination meeting",
    type: "coordination_meeting",
    platform: "HEALTH",
    sectors: ["HEALTH"],
    organisers: ["WHO"],
    day: -28,
    start: "11:00",
    end: "12:30",
    recurrence: { rrule: "FREQ=MONTHLY;BYDAY=2TH" },
    place: "WHO sub-office, Cox's Bazar",
    online: "https://meet.example.org/rohingya-health-sector",
  },
  {
    title: "Protection Working Group meeting",
    type: "coordination_meeting",
    platform: "PROT",
    sectors: ["PROT"],
    organisers: ["UNHCR"],
    day: -21,
    start: "10:00",
    end: "12:00",
    recurrence: { rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO" },
    place: "UNHCR sub-office, Cox's Bazar",
  },
  {
    title: "GBV Sub-Sector meeting",
    type: "coordination_meeting",
    platform: "GBV",
    sectors: ["GBV"],
    organisers: ["UNFPA"],
    day: -28,
    start: "14:00",
    end: "15:30",
    recurrence: { rrule: "FREQ=MONTHLY;BYDAY=-1TH" },
    place: "UNFPA office, Cox's Bazar",
  },
  {
    title: "Food Security Sector meeting",
    type: "coordination_meeting",
    platform: "FSS",
    sectors: ["FSS"],
    organisers: ["WFP", "FAO"],
    day: -28,
    start: "10:00",
    end: "11:30",
    recurrence: { rrule: "FREQ=MONTHLY;BYDAY=1WE" },
    place: `Conference room, ${cxb}`,
  },
  {
    title: "Heads of Sub-Office Group",
    type: "coordination_meeting",
    platform: "HOSOG",
    organisers: ["ISCG Secretariat"],
    day: -28,
    start: "15:00",
    end: "16:30",
    recurrence: { rrule: "FREQ=MONTHLY;BYDAY=3TU" },
    place: cxb,
    visibility: "signed_in",
  },
  {
    title: "Cash Working Group meeting",
    type: "coordination_meeting",
    platform: "CWG",
    organisers: ["WFP"],
    day: -28,
    start: "14:00",
    end: "15:30",
    recurrence: { rrule: "FREQ=MONTHLY;BYDAY=2WE" },
    online: "https://meet.example.org/rohingya-cwg",
  },
  {
    title: "16 Days of Activism against GBV: community dialogue, Camp 15",
    type: "public_event",
    platform: "GBV",
    sectors: ["GBV", "PROT"],
    organisers: ["UNFPA", "BRAC"],
    day: 2,
    start: "10:00",
    end: "12:00",
    place: "Women-friendly space, Camp 15, Ukhiya",
  },
  {
    title: "PSEA awareness training for camp volunteers",
    type: "training",
    platform: "PSEA",
    organisers: ["IOM", "UNHCR"],
    day: 3,
    start: "09:30",
    end: "13:00",
    place: "Learning centre, Camp 4, Ukhiya",
  },
  {
    title: "General food assistance: e-voucher top-up cycle",
    type: "distribution",
    platform: "FSS",
    sectors: ["FSS"],
    organisers: ["WFP"],
    day: 7,
    start: "08:00",
    end: "17:00",
    place: "WFP e-voucher outlets, all camps",
  },
  {
    title: "Hygiene promotion training of trainers",
    type: "training",
    platform: "WASH",
    sectors: ["WASH"],
    organisers: ["UNICEF", "Oxfam"],
    day: 9,
    start: "09:00",
    end: "16:30",
    place: "Oxfam training hall, Ukhiya",
    description:
      "For hygiene promotion supervisors of WASH partners: key messages, cholera response, feedback.",
  },
  {
    title: "Cyclone preparedness simulation",
    type: "workshop",
    platform: "ISCG",
    sectors: ["SMSD"],
    organisers: ["IOM", "UNHCR", "BDRCS"],
    day: 10,
    start: "09:00",
    end: "13:00",
    place: `Conference room, ${cxb}`,
  },
  {
    title: "Joint Multi-Sector Needs Assessment: enumerator training",
    type: "assessment",
    platform: "IMAWG",
    organisers: ["ISCG Secretariat"],
    day: 15,
    start: "09:00",
    end: "17:00",
    place: `Training room, ${cxb}`,
  },
];

const myanmarEvents: DemoEvent[] = [
  {
    title: "Humanitarian Country Team meeting",
    type: "coordination_meeting",
    platform: "HCT",
    organisers: ["RCO"],
    day: -28,
    start: "15:00",
    end: "17:00",
    recurrence: { rrule: "FREQ=MONTHLY;BYDAY=1TH" },
    place: "UN compound, Yangon",
    visibility: "signed_in",
  },
  {
    // A past one-off meeting: its minutes are a document of the library (demo-content links them).
    title: "Humanitarian Country Team: special session on the rainy season",
    type: "coordination_meeting",
    platform: "HCT",
    organisers: ["RCO"],
    day: -12,
    start: "15:00",
    end: "16:30",
    place: "UN compound, Yangon",
    description: "Access constraints and the clusters' preparedness for the rainy season.",
  },
  {
    title: "Inter-Cluster Coordination Group meeting",
    type: "coordination_meeting",
    platform: "ICCG",
    organisers: ["OCHA"],
    day: -21,
    start: "10:00",
    end: "11:30",
    recurrence: { rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" },
    online: "https://meet.example.org/myanmar-iccg",
  },
  {
    title: "Protection Cluster meeting",
    type: "coordination_meeting",
    platform: "PROT",
    sectors: ["PROT"],
    organisers: ["UNHCR"],
    day: -28,
    start: "14:00",
    end: "15:30",
    recurrence: { rrule: "FREQ=MONTHLY;BYDAY=3WE" },
    online: "https://meet.example.org/myanmar-protection",
  },
  {
    title: "Food Security Cluster: market monitoring training",
    type: "training",
    platform: "FSC",
    sectors: ["FSC"],
    organisers: ["WFP", "FAO"],
    day: 8,
    start: "09:30",
    end: "12:30",
    online: "https://meet.example.org/myanmar-fsc-training",
  },
];

export const demoEvents: Record<string, { timeZone: string; events: DemoEvent[] }> = {
  rohingya: { timeZone: "Asia/Dhaka", events: rohingyaEvents },
  myanmar: { timeZone: "Asia/Yangon", events: myanmarEvents },
};

const addDays = (localDate: string, days: number) =>
  new Date(Date.parse(`${localDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The local date of the Monday of the week `now` falls in. */
function mondayOf(now: Date, timeZone: string): string {
  const today = instantToLocal(now, timeZone).slice(0, 10);
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(today, -weekday);
}

export async function seedDemoEvents(
  db: Db,
  responseId: string,
  demo: string,
  options: { now?: Date } = {},
): Promise<number> {
  const plan = demoEvents[demo];
  if (!plan) return 0;
  const [response] = (
    await db.execute<{ country_iso3: string }>(
      sql`SELECT country_iso3 FROM responses WHERE id = ${responseId}`,
    )
  ).rows;
  const lookup = async (table: "platforms" | "sectors" | "organisations") => {
    const rows = await db.execute<{ id: string; code: string | null; name: string }>(
      table === "organisations"
        ? sql`SELECT id, acronym AS code, name FROM organisations WHERE response_id = ${responseId} AND merged_into_id IS NULL`
        : sql`SELECT id, code, name FROM ${sql.raw(table)} WHERE response_id = ${responseId}`,
    );
    const ids = new Map<string, string>();
    for (const r of rows.rows) {
      ids.set(r.name, r.id);
      if (r.code) ids.set(r.code, r.id);
    }
    return (key: string, where: string) => {
      const id = ids.get(key);
      if (!id) throw new Error(`Demo event "${where}": unknown ${table.slice(0, -1)} ${key}`);
      return id;
    };
  };
  const platform = await lookup("platforms");
  const sector = await lookup("sectors");
  const organisation = await lookup("organisations");
  const monday = mondayOf(options.now ?? new Date(), plan.timeZone);
  for (const e of plan.events) {
    const searchFrom = `${addDays(monday, e.day)}T${e.start}`;
    const rrule = typeof e.recurrence === "object" ? e.recurrence.rrule : null;
    const start = rrule ? firstOccurrenceFrom(rrule, searchFrom) : searchFrom;
    const input = eventInput.parse({
      title: e.title,
      type: e.type,
      platformId: e.platform ? platform(e.platform, e.title) : null,
      sectorIds: (e.sectors ?? []).map((s) => sector(s, e.title)),
      organiserIds: (e.organisers ?? []).map((o) => organisation(o, e.title)),
      start,
      end: `${start.slice(0, 10)}T${e.end}`,
      timeZone: plan.timeZone,
      recurrence: rrule ? "custom" : (e.recurrence ?? "none"),
      rrule,
      place: e.place ?? null,
      onlineUrl: e.online ?? null,
      visibility: e.visibility ?? "public",
      description: e.description ?? null,
    });
    await createEvent(db, responseId, response!.country_iso3, systemActor, input, true);
  }
  return plan.events.length;
}
