import type {
  meetingFrequencies,
  PlatformType,
  platformLevels,
  templateIds,
} from "../../../common/schemas/platforms.ts";

/**
 * Generic coordination structures a response copies and adapts: the IASC humanitarian
 * (cluster) structure, the pre-crisis UN country team, and UNHCR's Refugee Coordination Model.
 * No organisations: who chairs and sits is the response's own business.
 */
export interface TemplatePlatform {
  code: string;
  name: string;
  type: PlatformType;
  level?: (typeof platformLevels)[number];
  /** Code of the parent within the template. */
  parent?: string;
  purpose: string;
  meetingFrequency?: (typeof meetingFrequencies)[number];
}

export interface StructureTemplate {
  id: (typeof templateIds)[number];
  name: string;
  description: string;
  platforms: TemplatePlatform[];
}

const cluster = (code: string, name: string, purpose: string, parent = "ICCG"): TemplatePlatform => ({
  code,
  name,
  type: "sector",
  parent,
  purpose,
  meetingFrequency: "monthly",
});

const iasc: StructureTemplate = {
  id: "iasc",
  name: "IASC humanitarian structure",
  description:
    "Humanitarian Country Team, inter-cluster coordination and the clusters, with their areas of responsibility and common working groups.",
  platforms: [
    {
      code: "HCT",
      name: "Humanitarian Country Team",
      type: "hct",
      purpose:
        "Strategic and operational decision-making for the humanitarian response, led by the Humanitarian Coordinator.",
      meetingFrequency: "monthly",
    },
    {
      code: "ICCG",
      name: "Inter-Cluster Coordination Group",
      type: "iscg",
      parent: "HCT",
      purpose:
        "Operational coordination across clusters: joint analysis, planning, gaps and duplications; advises the HCT.",
      meetingFrequency: "fortnightly",
    },
    cluster(
      "CCCM",
      "Camp Coordination and Camp Management Cluster",
      "Coordinates site management and services in displacement sites.",
    ),
    cluster(
      "EDU",
      "Education Cluster",
      "Coordinates access to safe, quality learning for crisis-affected children and youth.",
    ),
    cluster(
      "ETC",
      "Emergency Telecommunications Cluster",
      "Coordinates shared communications services for responders.",
    ),
    cluster("FSC", "Food Security Cluster", "Coordinates food assistance and livelihoods support."),
    cluster("HEALTH", "Health Cluster", "Coordinates health services and disease surveillance."),
    cluster(
      "LOG",
      "Logistics Cluster",
      "Coordinates common logistics services: storage, transport, information.",
    ),
    cluster("NUT", "Nutrition Cluster", "Coordinates prevention and treatment of malnutrition."),
    cluster("PROT", "Protection Cluster", "Coordinates protection analysis, services and advocacy."),
    cluster("SNFI", "Shelter/NFI Cluster", "Coordinates emergency shelter and non-food items."),
    cluster("WASH", "WASH Cluster", "Coordinates water, sanitation and hygiene."),
    cluster(
      "ER",
      "Early Recovery Cluster",
      "Coordinates early recovery and links to development programming.",
    ),
    ...(
      [
        ["CP", "Child Protection Area of Responsibility"],
        ["GBV", "Gender-Based Violence Area of Responsibility"],
        ["MA", "Mine Action Area of Responsibility"],
        ["HLP", "Housing, Land and Property Area of Responsibility"],
      ] as const
    ).map(
      ([code, name]): TemplatePlatform => ({
        code,
        name,
        type: "sub_sector",
        parent: "PROT",
        purpose: "Coordinates this specialised area within the Protection Cluster.",
        meetingFrequency: "monthly",
      }),
    ),
    {
      code: "IMWG",
      name: "Information Management Working Group",
      type: "working_group",
      parent: "ICCG",
      purpose: "Common data standards, 4W, P-codes and information products across clusters.",
      meetingFrequency: "monthly",
    },
    {
      code: "CWG",
      name: "Cash Working Group",
      type: "working_group",
      parent: "ICCG",
      purpose: "Harmonises cash and voucher assistance: transfer values, delivery mechanisms, monitoring.",
      meetingFrequency: "monthly",
    },
    {
      code: "AAP",
      name: "Accountability to Affected People Working Group",
      type: "working_group",
      parent: "ICCG",
      purpose: "Community engagement, feedback and complaints mechanisms across the response.",
      meetingFrequency: "monthly",
    },
    {
      code: "PSEA",
      name: "PSEA Network",
      type: "task_force",
      parent: "HCT",
      purpose:
        "Prevention of sexual exploitation and abuse: reporting channels, training, victim assistance.",
      meetingFrequency: "monthly",
    },
    {
      code: "ACCESS",
      name: "Humanitarian Access Working Group",
      type: "working_group",
      parent: "HCT",
      purpose: "Analyses access constraints and supports negotiated access.",
      meetingFrequency: "fortnightly",
    },
  ],
};

const unct: StructureTemplate = {
  id: "unct",
  name: "UN country team (pre-crisis)",
  description:
    "The UN Country Team under the Resident Coordinator, its management teams and inter-agency groups.",
  platforms: [
    {
      code: "UNCT",
      name: "UN Country Team",
      type: "unct",
      purpose:
        "Heads of UN agencies in the country, chaired by the Resident Coordinator: joint planning under the Cooperation Framework.",
      meetingFrequency: "monthly",
    },
    {
      code: "SMT",
      name: "Security Management Team",
      type: "smt",
      parent: "UNCT",
      purpose: "Advises the Designated Official on the security of UN personnel, premises and assets.",
      meetingFrequency: "monthly",
    },
    {
      code: "PMT",
      name: "Programme Management Team",
      type: "pmt",
      parent: "UNCT",
      purpose: "Deputy heads of agencies: joint programming and results groups of the Cooperation Framework.",
      meetingFrequency: "monthly",
    },
    {
      code: "OMT",
      name: "Operations Management Team",
      type: "omt",
      parent: "UNCT",
      purpose: "Common business operations: procurement, human resources, ICT, common premises.",
      meetingFrequency: "monthly",
    },
    {
      code: "UNCG",
      name: "UN Communications Group",
      type: "working_group",
      parent: "UNCT",
      purpose: "Joint communication and advocacy of the UN system.",
      meetingFrequency: "monthly",
    },
    {
      code: "GTG",
      name: "Gender Theme Group",
      type: "working_group",
      parent: "PMT",
      purpose: "Gender mainstreaming across the Cooperation Framework.",
      meetingFrequency: "quarterly",
    },
    {
      code: "DMEG",
      name: "Data, Monitoring and Evaluation Group",
      type: "working_group",
      parent: "PMT",
      purpose: "Monitoring of the Cooperation Framework and common data.",
      meetingFrequency: "quarterly",
    },
  ],
};

const refugee: StructureTemplate = {
  id: "refugee",
  name: "Refugee response (Refugee Coordination Model)",
  description:
    "Government and UNHCR co-lead: a refugee coordination forum, inter-sector coordination, sectors and working groups, and sub-national coordination.",
  platforms: [
    {
      code: "RCF",
      name: "Refugee Coordination Forum",
      type: "government",
      purpose: "Strategic direction of the refugee response, co-chaired by the government and UNHCR.",
      meetingFrequency: "quarterly",
    },
    {
      code: "ISWG",
      name: "Inter-Sector Working Group",
      type: "iscg",
      parent: "RCF",
      purpose: "Operational coordination across sectors: planning, gaps, information management.",
      meetingFrequency: "monthly",
    },
    ...(
      [
        ["PROT", "Protection Sector"],
        ["EDU", "Education Sector"],
        ["FSS", "Food Security Sector"],
        ["HEALTH", "Health Sector"],
        ["NUT", "Nutrition Sector"],
        ["SNFI", "Shelter/NFI Sector"],
        ["WASH", "WASH Sector"],
        ["LSD", "Livelihoods and Skills Development Sector"],
        ["SMSD", "Site Management Sector"],
      ] as const
    ).map(([code, name]) => cluster(code, name, "Sector coordination under the inter-sector group.", "ISWG")),
    {
      code: "CP",
      name: "Child Protection Sub-Sector",
      type: "sub_sector",
      parent: "PROT",
      purpose: "Child protection within the Protection Sector.",
      meetingFrequency: "monthly",
    },
    {
      code: "GBV",
      name: "GBV Sub-Sector",
      type: "sub_sector",
      parent: "PROT",
      purpose: "Gender-based violence prevention and response within the Protection Sector.",
      meetingFrequency: "monthly",
    },
    {
      code: "CWG",
      name: "Cash Working Group",
      type: "working_group",
      parent: "ISWG",
      purpose: "Harmonises cash-based interventions.",
      meetingFrequency: "monthly",
    },
    {
      code: "IMWG",
      name: "Information Management Working Group",
      type: "working_group",
      parent: "ISWG",
      purpose: "Common data, registration statistics and 4W.",
      meetingFrequency: "monthly",
    },
    {
      code: "SUBOFFICE",
      name: "Sub-national Coordination Forum",
      type: "other",
      level: "sub_national",
      parent: "ISWG",
      purpose: "Field-level coordination of camps or settlements, chaired by the field office.",
      meetingFrequency: "fortnightly",
    },
  ],
};

export const structureTemplates: StructureTemplate[] = [iasc, unct, refugee];
