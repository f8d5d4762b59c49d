/**
 * The coordination structures of the demo responses, written from public descriptions of the
 * Rohingya response (Joint Response Plan coordination section: SEG in Dhaka, ISCG in Cox's Bazar)
 * and of the Myanmar humanitarian architecture (HCT, ICCG, clusters) and UN country team. Chairs
 * are agencies and role titles, never people. Where a body's chairing agency is not public, the
 * chair shown is the usual one for that kind of body (noted per platform).
 */
import type { DemoOrganisation } from "./demo-types.ts";

export interface DemoPlatform {
  code: string;
  name: string;
  type:
    | "hct"
    | "seg"
    | "iscg"
    | "roct"
    | "sector"
    | "sub_sector"
    | "working_group"
    | "task_force"
    | "unct"
    | "smt"
    | "pmt"
    | "omt"
    | "government"
    | "other";
  level?: "national" | "sub_national";
  /** Code of the parent platform, listed before this one. */
  parent?: string;
  /**
   * Code of the seeded sector this platform coordinates. Without explicit chairs, the sector's
   * lead chairs and co-leads co-chair; the organisations reporting 4W records in it sit as members,
   * represented by `sectorRole`.
   */
  sector?: string;
  sectorRole?: string;
  purpose: string;
  meetingFrequency?: "weekly" | "fortnightly" | "monthly" | "bimonthly" | "quarterly" | "ad_hoc";
  /** [organisation acronym or name, "chair" | "co_chair", role title]. */
  chairs?: [string, "chair" | "co_chair", string][];
  /** [organisation acronym or name, the role that represents it]. */
  members?: [string, string][];
}

export interface DemoStructure {
  /** Coordination offices that chair bodies but do not report 4W (added after the 4W demo). */
  organisations: DemoOrganisation[];
  platforms: DemoPlatform[];
}

const HEADS_OF_AGENCY_RCX: [string, string][] = [
  ["UNHCR", "Representative"],
  ["IOM", "Chief of Mission"],
  ["UNICEF", "Representative"],
  ["WFP", "Country Director"],
  ["WHO", "Representative"],
  ["UNFPA", "Representative"],
  ["UNDP", "Resident Representative"],
  ["UN Women", "Country Representative"],
  ["FAO", "Representative"],
  ["IFRC", "Head of Delegation"],
  ["SCI", "Country Director"],
  ["Oxfam", "Country Director"],
  ["BRAC", "Executive Director"],
];

const rohingyaSector = (code: string, name: string, sectorRole: string, parent = "ROCT"): DemoPlatform => ({
  code,
  name,
  type: "sector",
  parent,
  sector: code,
  sectorRole,
  purpose: `Coordinates the ${name.replace(/ Sector$/, "")} response in the camps and host communities under the Joint Response Plan.`,
  meetingFrequency: "monthly",
});

export const rohingyaStructure: DemoStructure = {
  organisations: [
    { name: "Office of the UN Resident Coordinator in Bangladesh", acronym: "RCO", type: "40" },
    { name: "Inter Sector Coordination Group Secretariat", acronym: "ISCG Secretariat", type: "90" },
  ],
  platforms: [
    {
      code: "SEG",
      name: "Strategic Executive Group",
      type: "seg",
      purpose:
        "Strategic guidance for the Rohingya refugee response in Dhaka and engagement with the Government of Bangladesh; endorses the Joint Response Plan.",
      meetingFrequency: "monthly",
      chairs: [
        ["RCO", "chair", "UN Resident Coordinator"],
        ["UNHCR", "co_chair", "Representative"],
        ["IOM", "co_chair", "Chief of Mission"],
      ],
      members: HEADS_OF_AGENCY_RCX,
    },
    {
      code: "ISCG",
      name: "Inter Sector Coordination Group",
      type: "iscg",
      parent: "SEG",
      purpose:
        "Operational coordination of the response in Cox's Bazar: brings the sector coordinators together, identifies gaps and duplications, and supports the government's Refugee Relief and Repatriation Commissioner.",
      meetingFrequency: "fortnightly",
      chairs: [["ISCG Secretariat", "chair", "Senior Coordinator"]],
      members: [
        ["UNHCR", "Head of Sub-Office, Cox's Bazar"],
        ["IOM", "Head of Sub-Office, Cox's Bazar"],
        ["UNICEF", "Chief of Field Office, Cox's Bazar"],
        ["WFP", "Head of Sub-Office, Cox's Bazar"],
        ["WHO", "Head of Sub-Office, Cox's Bazar"],
        ["UNFPA", "Head of Sub-Office, Cox's Bazar"],
        ["RRRC", "Additional Commissioner (observer)"],
      ],
    },
    {
      code: "ROCT",
      name: "Refugee Operations Coordination Team",
      type: "roct",
      parent: "ISCG",
      level: "sub_national",
      // Chairing agencies as usual for a refugee operations team under the Refugee Coordination Model.
      purpose:
        "Operational decisions on camp services, relocations, contingency plans (monsoon, cyclone, fire) and protection risks across the camps; the sectors and working groups report to it.",
      meetingFrequency: "weekly",
      chairs: [
        ["UNHCR", "chair", "Head of Sub-Office, Cox's Bazar"],
        ["IOM", "co_chair", "Head of Sub-Office, Cox's Bazar"],
      ],
      members: [
        ["ISCG Secretariat", "Senior Coordinator"],
        ["UNICEF", "Chief of Field Office, Cox's Bazar"],
        ["WFP", "Head of Sub-Office, Cox's Bazar"],
        ["NGOF", "Executive Director"],
        ["BRAC", "Head of Humanitarian Crisis Management Programme"],
      ],
    },
    {
      code: "HOSOG",
      name: "Heads of Sub-Office Group",
      type: "other",
      parent: "ISCG",
      level: "sub_national",
      purpose:
        "Heads of sub-offices of UN agencies and NGO representatives in Cox's Bazar: shared operational and security issues.",
      meetingFrequency: "monthly",
      chairs: [["ISCG Secretariat", "chair", "Senior Coordinator"]],
      members: [
        ["UNHCR", "Head of Sub-Office"],
        ["IOM", "Head of Sub-Office"],
        ["UNICEF", "Chief of Field Office"],
        ["WFP", "Head of Sub-Office"],
        ["WHO", "Head of Sub-Office"],
        ["UNFPA", "Head of Sub-Office"],
        ["UN Women", "Head of Sub-Office"],
        ["FAO", "Head of Sub-Office"],
        ["UNDP", "Head of Sub-Office"],
        ["SCI", "Head of Cox's Bazar office (INGO representative)"],
        ["BRAC", "Head of Humanitarian Crisis Management Programme (NNGO representative)"],
      ],
    },
    rohingyaSector("EDU", "Education Sector", "Education programme manager"),
    rohingyaSector("FSS", "Food Security Sector", "Food security programme manager"),
    rohingyaSector("HEALTH", "Health Sector", "Health programme manager"),
    rohingyaSector("NUT", "Nutrition Sector", "Nutrition programme manager"),
    rohingyaSector("PROT", "Protection Sector", "Protection programme manager"),
    {
      ...rohingyaSector("CP", "Child Protection Sub-Sector", "Child protection programme manager", "PROT"),
      type: "sub_sector",
    },
    { ...rohingyaSector("GBV", "GBV Sub-Sector", "GBV programme manager", "PROT"), type: "sub_sector" },
    rohingyaSector("SNFI", "Shelter/NFI Sector", "Shelter programme manager"),
    rohingyaSector(
      "SMSD",
      "Site Management and Site Development Sector",
      "Site management programme manager",
    ),
    rohingyaSector("WASH", "WASH Sector", "WASH programme manager"),
    rohingyaSector("LSD", "Livelihoods and Skills Development Sector", "Livelihoods programme manager"),
    rohingyaSector("ETS", "Emergency Telecommunications Sector", "ICT officer"),
    rohingyaSector("LOG", "Logistics Sector", "Logistics officer"),
    {
      ...rohingyaSector(
        "CwC",
        "Communication with Communities Working Group",
        "Community engagement focal point",
      ),
      type: "working_group",
      purpose:
        "Two-way communication with refugees: information in Rohingya, feedback and complaints, community radio.",
    },
    {
      code: "IMAWG",
      name: "Information Management and Assessment Working Group",
      type: "working_group",
      parent: "ROCT",
      purpose:
        "Common information products, 4W, joint needs assessments and data standards across the sectors.",
      meetingFrequency: "monthly",
      chairs: [["ISCG Secretariat", "chair", "Inter-Sector Information Management Coordinator"]],
      members: [
        ["UNHCR", "Information management officer"],
        ["IOM", "NPM information management officer"],
        ["UNICEF", "Information management officer"],
        ["WFP", "VAM officer"],
        ["ACF", "Information management officer"],
      ],
    },
    {
      code: "CWG",
      name: "Cash Working Group",
      type: "working_group",
      parent: "ROCT",
      // The co-chairing agencies rotate; shown here as the two largest cash actors in the camps.
      purpose:
        "Harmonises cash and voucher assistance: transfer values, delivery mechanisms and market monitoring.",
      meetingFrequency: "monthly",
      chairs: [
        ["WFP", "chair", "Cash-based transfers officer"],
        ["UNHCR", "co_chair", "Cash-based interventions officer"],
      ],
      members: [
        ["IOM", "Cash focal point"],
        ["DRC", "Economic recovery coordinator"],
        ["Oxfam", "Cash focal point"],
        ["BRAC", "Cash focal point"],
      ],
    },
    {
      code: "GH",
      name: "Gender Hub",
      type: "working_group",
      parent: "ROCT",
      purpose:
        "Technical support on gender equality across the sectors: gender analysis, sex- and age-disaggregated data, women's participation.",
      meetingFrequency: "monthly",
      chairs: [["UN Women", "chair", "Gender Hub Coordinator"]],
      members: [
        ["UNFPA", "Gender specialist"],
        ["UNHCR", "Gender focal point"],
        ["CARE", "Gender and protection coordinator"],
      ],
    },
    {
      code: "PSEA",
      name: "PSEA Network",
      type: "task_force",
      parent: "ROCT",
      purpose:
        "Prevention of and response to sexual exploitation and abuse: community-based complaint referral, training of focal points, victim assistance.",
      meetingFrequency: "monthly",
      chairs: [["ISCG Secretariat", "chair", "PSEA Coordinator"]],
      members: [
        ["UNHCR", "PSEA focal point"],
        ["IOM", "PSEA focal point"],
        ["UNICEF", "PSEA focal point"],
        ["WFP", "PSEA focal point"],
        ["SCI", "Safeguarding lead"],
        ["BRAC", "PSEA focal point"],
      ],
    },
  ],
};

const myanmarCluster = (code: string, name: string, sectorRole: string, parent = "ICCG"): DemoPlatform => ({
  code,
  name,
  type: "sector",
  parent,
  sector: code,
  sectorRole,
  purpose: `Coordinates the ${name.replace(/ (Cluster|Area of Responsibility)$/, "")} response under the Humanitarian Response Plan.`,
  meetingFrequency: "monthly",
});

const aor = (code: string, name: string, sectorRole: string): DemoPlatform => ({
  ...myanmarCluster(code, name, sectorRole, "PROT"),
  type: "sub_sector",
});

export const myanmarStructure: DemoStructure = {
  organisations: [
    { name: "Office of the UN Resident and Humanitarian Coordinator in Myanmar", acronym: "RCO", type: "40" },
    { name: "United Nations Department of Safety and Security", acronym: "UNDSS", type: "40" },
  ],
  platforms: [
    {
      code: "HCT",
      name: "Humanitarian Country Team",
      type: "hct",
      purpose:
        "Strategic decisions for the humanitarian response in Myanmar: priorities, access, advocacy and the Humanitarian Response Plan.",
      meetingFrequency: "monthly",
      chairs: [["RCO", "chair", "Resident and Humanitarian Coordinator"]],
      members: [
        ["OCHA", "Head of Office"],
        ["UNHCR", "Representative"],
        ["UNICEF", "Representative"],
        ["WFP", "Country Director"],
        ["WHO", "Representative"],
        ["UNFPA", "Representative"],
        ["FAO", "Representative"],
        ["IOM", "Chief of Mission"],
        ["NRC", "Country Director (INGO representative)"],
        ["SCI", "Country Director (INGO representative)"],
        ["KMSS", "Director (national NGO representative)"],
        ["IFRC", "Head of Delegation (observer)"],
      ],
    },
    {
      code: "ICCG",
      name: "Inter-Cluster Coordination Group",
      type: "iscg",
      parent: "HCT",
      purpose:
        "Operational coordination across the clusters: joint analysis, the Humanitarian Needs Overview, response monitoring.",
      meetingFrequency: "fortnightly",
      chairs: [["OCHA", "chair", "Deputy Head of Office"]],
    },
    myanmarCluster("CCCM", "CCCM Cluster", "Camp management programme manager"),
    myanmarCluster("EDU", "Education Cluster", "Education programme manager"),
    myanmarCluster("FSC", "Food Security Cluster", "Food security programme manager"),
    myanmarCluster("HEALTH", "Health Cluster", "Health programme manager"),
    myanmarCluster("NUT", "Nutrition Cluster", "Nutrition programme manager"),
    myanmarCluster("PROT", "Protection Cluster", "Protection programme manager"),
    aor("CP", "Child Protection Area of Responsibility", "Child protection programme manager"),
    aor("GBV", "GBV Area of Responsibility", "GBV programme manager"),
    aor("MA", "Mine Action Area of Responsibility", "Mine action programme manager"),
    myanmarCluster("SNFI", "Shelter/NFI Cluster", "Shelter programme manager"),
    myanmarCluster("WASH", "WASH Cluster", "WASH programme manager"),
    myanmarCluster("LOG", "Logistics Cluster", "Logistics officer"),
    {
      code: "UNCT",
      name: "UN Country Team",
      type: "unct",
      purpose:
        "Heads of UN agencies in Myanmar under the Resident Coordinator: joint strategy, programming and operations of the UN system.",
      meetingFrequency: "monthly",
      chairs: [["RCO", "chair", "Resident Coordinator"]],
      members: [
        ["UNHCR", "Representative"],
        ["UNICEF", "Representative"],
        ["WFP", "Country Director"],
        ["WHO", "Representative"],
        ["UNFPA", "Representative"],
        ["FAO", "Representative"],
        ["IOM", "Chief of Mission"],
        ["OCHA", "Head of Office"],
      ],
    },
    {
      code: "SMT",
      name: "Security Management Team",
      type: "smt",
      parent: "UNCT",
      purpose:
        "Advises the Designated Official on the safety and security of UN personnel, premises and operations.",
      meetingFrequency: "monthly",
      chairs: [["RCO", "chair", "Designated Official"]],
      members: [
        ["UNDSS", "Chief Security Adviser"],
        ["UNHCR", "Representative"],
        ["UNICEF", "Representative"],
        ["WFP", "Country Director"],
        ["WHO", "Representative"],
        ["IOM", "Chief of Mission"],
      ],
    },
    {
      code: "PMT",
      name: "Programme Management Team",
      type: "pmt",
      parent: "UNCT",
      // Chaired by a head of agency's deputy, rotating; shown here with one agency.
      purpose: "Deputy heads of agencies: joint programmes and results groups of the UN strategy.",
      meetingFrequency: "monthly",
      chairs: [["UNICEF", "chair", "Deputy Representative"]],
      members: [
        ["UNHCR", "Deputy Representative"],
        ["WFP", "Deputy Country Director"],
        ["UNFPA", "Deputy Representative"],
        ["FAO", "Deputy Representative"],
      ],
    },
    {
      code: "OMT",
      name: "Operations Management Team",
      type: "omt",
      parent: "UNCT",
      // Chaired by an operations manager, rotating; shown here with one agency.
      purpose: "Common business operations: procurement, human resources, ICT, common premises and services.",
      meetingFrequency: "monthly",
      chairs: [["WFP", "chair", "Head of Operations"]],
      members: [
        ["UNHCR", "Senior Operations Manager"],
        ["UNICEF", "Deputy Representative, Operations"],
        ["WHO", "Operations Officer"],
        ["IOM", "Resource Management Officer"],
      ],
    },
  ],
};
