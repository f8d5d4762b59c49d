/**
 * The HXL 1.1 core hashtags, typed from the HXL core schema sheet ("hxl-core-schemas" on HDX,
 * hashtag.hxl.csv: `#valid_tag`, `#status`, `#valid_datatype`, `#meta+release`,
 * `#description+short+en`). 45 hashtags: 43 Released, `#delivery` Rejected, `#modality` with no
 * status in the sheet. Data only; nothing here reads files at run time.
 */
export interface CoreHashtag {
  tag: string;
  /** null where the schema sheet leaves the status blank (`#modality`). */
  status: "Released" | "Rejected" | null;
  datatype: "number" | "date" | null;
  /** HXL version that introduced it; null for the rejected `#delivery`. */
  release: "1.0" | "1.1" | null;
  description: string;
}

type Row = [
  tag: string,
  status: "R" | "X" | "",
  datatype: "n" | "d" | "",
  release: "1.0" | "1.1" | "",
  text: string,
];

// [tag, R = Released | X = Rejected | "" = blank, n = number | d = date, release, short description]
const rows: Row[] = [
  ["#access", "R", "", "1.1", "Access ability/constraints"],
  ["#activity", "R", "", "1.0", "Programme, project, or activity."],
  ["#adm1", "R", "", "1.0", "Level 1 subnational area"],
  ["#adm2", "R", "", "1.0", "Level 2 subnational area"],
  ["#adm3", "R", "", "1.0", "Level 3 subnational area"],
  ["#adm4", "R", "", "1.0", "Level 4 subnational area"],
  ["#adm5", "R", "", "1.0", "Level 5 subnational area"],
  ["#affected", "R", "n", "1.0", "People/households affected"],
  ["#beneficiary", "R", "", "1.0", "Aid recipient information"],
  ["#capacity", "R", "", "1.0", "Response capacity"],
  ["#cause", "R", "", "1.0", "Event cause"],
  ["#channel", "R", "", "1.1", "Specific delivery method"],
  ["#contact", "R", "", "1.0", "Contact info"],
  ["#country", "R", "", "1.0", "Country"],
  ["#crisis", "R", "", "1.0", "Humanitarian emergency"],
  ["#currency", "R", "", "1.1", "Financial currency"],
  ["#date", "R", "d", "1.0", "Date"],
  ["#delivery", "X", "", "", ""],
  ["#description", "R", "", "1.0", "Narrative information"],
  ["#event", "R", "", "1.0", "Event within a #crisis"],
  ["#frequency", "R", "", "1.1", "How often something happens"],
  ["#geo", "R", "", "1.0", "Geodetic information"],
  ["#group", "R", "", "1.0", "Non-humanitarian group"],
  ["#impact", "R", "", "1.0", "Impact of crisis"],
  ["#indicator", "R", "", "1.0", "Formal aid indicator"],
  ["#inneed", "R", "n", "1.0", "People/households in need of assistance"],
  ["#item", "R", "", "1.1", "Something sold, provided, etc."],
  ["#loc", "R", "", "1.0", "General location"],
  ["#meta", "R", "", "1.0", "Metadata"],
  ["#modality", "", "", "1.1", "Major method of aid"],
  ["#need", "R", "", "1.1", "Need of person, group, etc"],
  ["#operations", "R", "", "1.0", "Info about humanitarian operations"],
  ["#org", "R", "", "1.0", "Humanitarian organisation"],
  ["#output", "R", "", "1.0", "Activity output description"],
  ["#population", "R", "n", "1.0", "General population"],
  ["#reached", "R", "n", "1.0", "People/households reached with assistance"],
  ["#region", "R", "", "1.0", "Cross-national region"],
  ["#respondee", "R", "", "1.1", "Person etc responding to a survey"],
  ["#sector", "R", "", "1.0", "Humanitarian sector or cluster"],
  ["#service", "R", "", "1.1", "Service for affected people"],
  ["#severity", "R", "", "1.0", "Occurrence severity"],
  ["#status", "R", "", "1.0", "Project etc. status"],
  ["#subsector", "R", "", "1.0", "Humanitarian subsector"],
  ["#targeted", "R", "n", "1.0", "People/households targeted for assistance"],
  ["#value", "R", "n", "1.1", "Monetary value"],
];

/** The 45 core hashtags, in the schema's (alphabetical) order. */
export const coreHashtags: readonly CoreHashtag[] = rows.map(([tag, status, datatype, release, text]) => ({
  tag,
  status: status === "R" ? "Released" : status === "X" ? "Rejected" : null,
  datatype: datatype === "n" ? "number" : datatype === "d" ? "date" : null,
  release: release || null,
  description: text,
}));

const byTag = new Map(coreHashtags.map((h) => [h.tag, h]));

/** The core-schema entry for a lower-case tag such as `#adm1`, or undefined when it is not core. */
export function coreHashtag(tag: string): CoreHashtag | undefined {
  return byTag.get(tag);
}
