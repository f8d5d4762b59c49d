/**
 * Demo data set: Rohingya Refugee Response, Cox's Bazar (Bangladesh).
 *
 * Written by hand from public facts: OCHA/BBS admin P-codes, the ISCG/NPM camp outlines
 * (camp names and SSID site codes as published in March 2019, centroids computed as the mean
 * of each outline's outer-ring vertices and rounded), the Joint Response Plan's sector
 * structure and IATI organisation identifiers. No data file is read at run time.
 */
import type { DemoLocation, DemoOrganisation, DemoResponse, DemoSector } from "./demo-types.ts";

const CAMP = { level: "site", siteType: "camp" } as const;
const HOST_VILLAGE = { level: "site", siteType: "host_community_village" } as const;

const locations: DemoLocation[] = [
  { code: "BGD", name: "Bangladesh", names: { bn: "বাংলাদেশ" }, level: 0, lat: 23.685, lon: 90.3563 },
  {
    code: "BD20",
    name: "Chattogram",
    names: { bn: "চট্টগ্রাম" },
    level: 1,
    parent: "BGD",
    lat: 22.71,
    lon: 91.75,
  },
  {
    code: "BD2022",
    name: "Cox's Bazar",
    names: { bn: "কক্সবাজার" },
    level: 2,
    parent: "BD20",
    lat: 21.56,
    lon: 92.05,
  },
  {
    code: "BD202294",
    name: "Ukhia",
    names: { bn: "উখিয়া" },
    level: 3,
    parent: "BD2022",
    lat: 21.25,
    lon: 92.12,
  },
  {
    code: "BD202290",
    name: "Teknaf",
    names: { bn: "টেকনাফ" },
    level: 3,
    parent: "BD2022",
    lat: 20.98,
    lon: 92.22,
  },

  // Unions (admin4). Union codes are illustrative: upazila P-code + two digits, not checked against the COD.
  { code: "BD20229431", name: "Haldia Palong", names: { bn: "হলদিয়াপালং" }, level: 4, parent: "BD202294" },
  { code: "BD20229447", name: "Jalia Palong", names: { bn: "জালিয়াপালং" }, level: 4, parent: "BD202294" },
  { code: "BD20229463", name: "Palong Khali", names: { bn: "পালংখালী" }, level: 4, parent: "BD202294" },
  { code: "BD20229479", name: "Raja Palong", names: { bn: "রাজাপালং" }, level: 4, parent: "BD202294" },
  { code: "BD20229494", name: "Ratna Palong", names: { bn: "রত্নাপালং" }, level: 4, parent: "BD202294" },
  { code: "BD20229010", name: "Baharchhara", names: { bn: "বাহারছড়া" }, level: 4, parent: "BD202290" },
  { code: "BD20229031", name: "Nhilla", names: { bn: "হ্নীলা" }, level: 4, parent: "BD202290" },
  { code: "BD20229047", name: "St. Martin's Dwip", level: 4, parent: "BD202290" },
  { code: "BD20229063", name: "Sabrang", names: { bn: "সাবরাং" }, level: 4, parent: "BD202290" },
  { code: "BD20229079", name: "Teknaf", names: { bn: "টেকনাফ" }, level: 4, parent: "BD202290" },
  { code: "BD20229094", name: "Whykong", names: { bn: "হোয়াইক্যং" }, level: 4, parent: "BD202290" },
  {
    code: "BD20229099",
    name: "Teknaf Paurashava",
    names: { bn: "টেকনাফ পৌরসভা" },
    level: 4,
    parent: "BD202290",
  },

  // The 34 camps plus Choukhali (35 outlines): code = NPM site code (SSID), parent = union.
  { ...CAMP, code: "CXB-201", name: "Camp 1E", parent: "BD20229463", lat: 21.2164, lon: 92.1563 },
  { ...CAMP, code: "CXB-202", name: "Camp 1W", parent: "BD20229463", lat: 21.2127, lon: 92.1513 },
  { ...CAMP, code: "CXB-203", name: "Camp 2E", parent: "BD20229463", lat: 21.2081, lon: 92.1653 },
  { ...CAMP, code: "CXB-204", name: "Camp 2W", parent: "BD20229463", lat: 21.209, lon: 92.1594 },
  { ...CAMP, code: "CXB-205", name: "Camp 3", parent: "BD20229463", lat: 21.2084, lon: 92.1505 },
  { ...CAMP, code: "CXB-206", name: "Camp 4", parent: "BD20229463", lat: 21.2082, lon: 92.1423 },
  { ...CAMP, code: "CXB-232", name: "Camp 4 Extension", parent: "BD20229463", lat: 21.206, lon: 92.1368 },
  { ...CAMP, code: "CXB-209", name: "Camp 5", parent: "BD20229463", lat: 21.2033, lon: 92.1519 },
  { ...CAMP, code: "CXB-208", name: "Camp 6", parent: "BD20229463", lat: 21.205, lon: 92.156 },
  { ...CAMP, code: "CXB-207", name: "Camp 7", parent: "BD20229463", lat: 21.2029, lon: 92.166 },
  { ...CAMP, code: "CXB-210", name: "Camp 8E", parent: "BD20229463", lat: 21.1969, lon: 92.1655 },
  { ...CAMP, code: "CXB-211", name: "Camp 8W", parent: "BD20229463", lat: 21.1973, lon: 92.1555 },
  { ...CAMP, code: "CXB-213", name: "Camp 9", parent: "BD20229463", lat: 21.1902, lon: 92.1602 },
  { ...CAMP, code: "CXB-214", name: "Camp 10", parent: "BD20229463", lat: 21.1885, lon: 92.1549 },
  { ...CAMP, code: "CXB-217", name: "Camp 11", parent: "BD20229463", lat: 21.1828, lon: 92.1555 },
  { ...CAMP, code: "CXB-218", name: "Camp 12", parent: "BD20229463", lat: 21.1813, lon: 92.1525 },
  { ...CAMP, code: "CXB-220", name: "Camp 13", parent: "BD20229463", lat: 21.1791, lon: 92.139 },
  { ...CAMP, code: "CXB-222", name: "Camp 14", parent: "BD20229463", lat: 21.1662, lon: 92.1428 },
  { ...CAMP, code: "CXB-223", name: "Camp 15", parent: "BD20229463", lat: 21.1606, lon: 92.1424 },
  { ...CAMP, code: "CXB-224", name: "Camp 16", parent: "BD20229463", lat: 21.1565, lon: 92.1474 },
  { ...CAMP, code: "CXB-212", name: "Camp 17", parent: "BD20229463", lat: 21.1958, lon: 92.1421 },
  { ...CAMP, code: "CXB-215", name: "Camp 18", parent: "BD20229463", lat: 21.1879, lon: 92.1468 },
  { ...CAMP, code: "CXB-219", name: "Camp 19", parent: "BD20229463", lat: 21.1838, lon: 92.1429 },
  { ...CAMP, code: "CXB-216", name: "Camp 20", parent: "BD20229463", lat: 21.192, lon: 92.1401 },
  { ...CAMP, code: "CXB-234", name: "Camp 20 Extension", parent: "BD20229463", lat: 21.194, lon: 92.1358 },
  { ...CAMP, code: "CXB-108", name: "Camp 21", parent: "BD20229094", lat: 21.1316, lon: 92.1581 },
  { ...CAMP, code: "CXB-085", name: "Camp 22", parent: "BD20229094", lat: 21.0881, lon: 92.1974 },
  { ...CAMP, code: "CXB-032", name: "Camp 23", parent: "BD20229010", lat: 21.0798, lon: 92.1399 },
  { ...CAMP, code: "CXB-233", name: "Camp 24", parent: "BD20229031", lat: 20.9715, lon: 92.2463 },
  { ...CAMP, code: "CXB-017", name: "Camp 25", parent: "BD20229031", lat: 20.9786, lon: 92.2459 },
  { ...CAMP, code: "CXB-025", name: "Camp 26", parent: "BD20229031", lat: 20.9569, lon: 92.2498 },
  { ...CAMP, code: "CXB-037", name: "Camp 27", parent: "BD20229031", lat: 20.9394, lon: 92.2582 },
  // Choukhali: the 2019 outline file gives Upazila "Ukhia" but Union "Whykong" (a Teknaf union); attached to Whykong.
  { ...CAMP, code: "CXB-235", name: "Choukhali", parent: "BD20229094", lat: 21.142, lon: 92.1448 },
  { ...CAMP, code: "CXB-221", name: "Kutupalong RC", parent: "BD20229479", lat: 21.2097, lon: 92.1641 },
  { ...CAMP, code: "CXB-089", name: "Nayapara RC", parent: "BD20229031", lat: 20.9568, lon: 92.2506 },

  // Host-community villages: names of real localities, codes and centroids made up for the demo.
  {
    ...HOST_VILLAGE,
    code: "CXB-HC-001",
    name: "Thaingkhali",
    parent: "BD20229463",
    lat: 21.168,
    lon: 92.162,
  },
  {
    ...HOST_VILLAGE,
    code: "CXB-HC-002",
    name: "Kutupalong Bazar",
    parent: "BD20229479",
    lat: 21.218,
    lon: 92.163,
  },
  { ...HOST_VILLAGE, code: "CXB-HC-003", name: "Leda Bazar", parent: "BD20229031", lat: 20.985, lon: 92.248 },
];

const organisations: DemoOrganisation[] = [
  // UN agencies and other multilaterals (IATI type 40)
  {
    name: "United Nations High Commissioner for Refugees",
    acronym: "UNHCR",
    type: "40",
    iatiId: "XM-DAC-41121",
    aliases: ["UN Refugee Agency", "U.N.H.C.R.", "UNHCR Bangladesh"],
  },
  {
    name: "International Organization for Migration",
    acronym: "IOM",
    type: "40",
    iatiId: "XM-DAC-47066",
    aliases: ["IOM Bangladesh", "UN Migration", "International Organisation for Migration"],
  },
  {
    name: "United Nations Children's Fund",
    acronym: "UNICEF",
    type: "40",
    iatiId: "XM-DAC-41122",
    aliases: ["UNICEF Bangladesh", "Unicef", "UN Children's Fund"],
  },
  {
    name: "World Food Programme",
    acronym: "WFP",
    type: "40",
    iatiId: "XM-DAC-41140",
    aliases: ["World Food Program", "UN WFP", "WFP Bangladesh"],
  },
  {
    name: "World Health Organization",
    acronym: "WHO",
    type: "40",
    iatiId: "XM-DAC-928",
    aliases: ["World Health Organisation", "WHO Bangladesh"],
  },
  {
    name: "United Nations Population Fund",
    acronym: "UNFPA",
    type: "40",
    iatiId: "XM-DAC-41119",
    aliases: ["UN Population Fund", "UNFPA Bangladesh"],
  },
  {
    name: "United Nations Development Programme",
    acronym: "UNDP",
    type: "40",
    iatiId: "XM-DAC-41114",
    aliases: ["UN Development Programme", "UNDP Bangladesh"],
  },
  {
    name: "United Nations Entity for Gender Equality and the Empowerment of Women",
    acronym: "UN Women",
    type: "40",
    aliases: ["UNWOMEN", "UN-Women"],
  },
  {
    name: "Food and Agriculture Organization of the United Nations",
    acronym: "FAO",
    type: "40",
    iatiId: "XM-DAC-41301",
  },
  // IFRC: OECD DAC lists it among international NGO channels (21018), so we use 21 rather than 40.
  {
    name: "International Federation of Red Cross and Red Crescent Societies",
    acronym: "IFRC",
    type: "21",
    aliases: ["Federation", "IFRC Bangladesh"],
  },

  // International NGOs (21)
  {
    name: "Save the Children",
    acronym: "SCI",
    type: "21",
    // Identifier of Save the Children UK, the member that publishes most of the Bangladesh funding to IATI.
    iatiId: "GB-CHC-213890",
    aliases: ["Save the Children International", "STC", "Save the Children UK", "SC"],
  },
  {
    name: "Oxfam GB",
    acronym: "Oxfam",
    type: "21",
    iatiId: "GB-CHC-202918",
    aliases: ["OXFAM", "Oxfam Bangladesh", "Oxfam International"],
  },
  {
    name: "Action Against Hunger",
    acronym: "ACF",
    type: "21",
    aliases: ["Action Contre la Faim", "ACF International", "AAH"],
  },
  { name: "CARE International", acronym: "CARE", type: "21", aliases: ["CARE Bangladesh"] },
  {
    name: "International Rescue Committee",
    acronym: "IRC",
    type: "21",
    aliases: ["IRC Bangladesh", "Int'l Rescue Committee"],
  },
  {
    name: "Médecins Sans Frontières",
    acronym: "MSF",
    type: "21",
    aliases: ["Medecins Sans Frontieres", "MSF Holland", "MSF-OCA", "Doctors Without Borders"],
  },
  {
    name: "Danish Refugee Council",
    acronym: "DRC",
    type: "21",
    aliases: ["Dansk Flygtningehjælp", "DRC-DDG"],
  },
  { name: "Norwegian Refugee Council", acronym: "NRC", type: "21", aliases: ["Flyktninghjelpen"] },
  {
    name: "Plan International",
    acronym: "Plan",
    type: "21",
    aliases: ["Plan International Bangladesh", "PLAN"],
  },
  {
    name: "World Vision",
    acronym: "WV",
    type: "21",
    aliases: ["World Vision International", "WVI", "World Vision Bangladesh"],
  },
  { name: "Terre des hommes", acronym: "Tdh", type: "21", aliases: ["Terre des hommes Lausanne", "TDH"] },
  {
    name: "HelpAge International",
    acronym: "HAI",
    type: "21",
    aliases: ["HelpAge", "Help Age International"],
  },
  {
    name: "Handicap International - Humanity & Inclusion",
    acronym: "HI",
    type: "21",
    aliases: ["Handicap International", "Humanity and Inclusion", "HI/HI"],
  },
  { name: "Relief International", acronym: "RI", type: "21" },
  {
    name: "Solidarités International",
    acronym: "SI",
    type: "21",
    aliases: ["Solidarites International", "SOLIDARITES INTERNATIONAL"],
  },
  { name: "Christian Aid", type: "21" },
  {
    name: "Islamic Relief Worldwide",
    acronym: "IRW",
    type: "21",
    aliases: ["Islamic Relief", "IR Bangladesh"],
  },
  { name: "Translators without Borders", acronym: "TWB", type: "21", aliases: ["CLEAR Global"] },

  // National NGOs (22)
  {
    name: "BRAC",
    type: "22",
    aliases: ["Bangladesh Rural Advancement Committee", "BRAC Bangladesh"],
  },
  { name: "Mukti Cox's Bazar", acronym: "Mukti", type: "22", aliases: ["MUKTI", "Mukti Coxsbazar"] },
  { name: "Community Development Centre", acronym: "CODEC", type: "22" },
  { name: "Young Power in Social Action", acronym: "YPSA", type: "22" },
  { name: "Dhaka Ahsania Mission", acronym: "DAM", type: "22" },
  { name: "Gonoshasthaya Kendra", acronym: "GK", type: "22" },
  { name: "Society for Health Extension and Development", acronym: "SHED", type: "22" },
  { name: "Friendship", type: "22", aliases: ["Friendship NGO", "Friendship Bangladesh"] },
  {
    name: "NGO Forum for Public Health",
    acronym: "NGOF",
    type: "22",
    aliases: ["NGO Forum", "NGO Forum for Drinking Water Supply and Sanitation"],
  },
  // National Red Cross/Red Crescent societies are auxiliaries to government; IATI has no exact type, we use 22.
  {
    name: "Bangladesh Red Crescent Society",
    acronym: "BDRCS",
    type: "22",
    aliases: ["BDRCS Cox's Bazar", "Bangladesh Red Crescent"],
    parent: "IFRC",
  },

  // Government of Bangladesh (10)
  {
    name: "Office of the Refugee Relief and Repatriation Commissioner",
    acronym: "RRRC",
    type: "10",
    aliases: ["Refugee Relief and Repatriation Commissioner", "RRRC Office"],
  },
  { name: "Department of Public Health Engineering", acronym: "DPHE", type: "10" },
  { name: "Directorate General of Health Services", acronym: "DGHS", type: "10" },

  // Donors
  {
    name: "European Civil Protection and Humanitarian Aid Operations",
    acronym: "ECHO",
    type: "15",
    aliases: ["DG ECHO", "European Commission Humanitarian Aid"],
  },
  {
    name: "Foreign, Commonwealth & Development Office",
    acronym: "FCDO",
    type: "10",
    iatiId: "GB-GOV-1",
    aliases: ["UK FCDO", "DFID"],
  },
  {
    name: "USAID Bureau for Humanitarian Assistance",
    acronym: "USAID/BHA",
    type: "10",
    // US-GOV-1 is USAID as a whole; BHA publishes under it.
    iatiId: "US-GOV-1",
    aliases: ["USAID", "BHA", "OFDA"],
  },
];

const sectors: DemoSector[] = [
  {
    code: "EDU",
    name: "Education",
    kind: "sector",
    leads: ["UNICEF"],
    coLeads: ["SCI"],
    activityTypes: [
      { code: "EDU-LC", name: "Learning centre construction and rehabilitation" },
      { code: "EDU-MCP", name: "Myanmar curriculum instruction" },
      { code: "EDU-TRN", name: "Teacher and learning facilitator training" },
      { code: "EDU-TLM", name: "Teaching and learning materials distribution" },
      { code: "EDU-YTH", name: "Non-formal education and life skills for adolescents and youth" },
      { code: "EDU-HCS", name: "Support to host community schools" },
    ],
    indicators: [
      {
        code: "EDU-I01",
        name: "# of refugee children and youth (3–24 years) enrolled in learning facilities",
        unit: "people",
        disaggregation: "sex_age",
      },
      {
        code: "EDU-I02",
        name: "# of learning facilities constructed or rehabilitated",
        unit: "learning centres",
        disaggregation: "none",
      },
      {
        code: "EDU-I03",
        name: "# of teachers and learning facilitators trained",
        unit: "people",
        disaggregation: "sex",
      },
      {
        code: "EDU-I04",
        name: "# of host community children supported in formal schools",
        unit: "people",
        disaggregation: "sex_age",
      },
    ],
  },
  {
    code: "FSS",
    name: "Food Security",
    kind: "sector",
    leads: ["WFP"],
    coLeads: ["FAO"],
    activityTypes: [
      { code: "FSS-GFA", name: "General food assistance (e-voucher)" },
      { code: "FSS-FFC", name: "Fresh food corners" },
      { code: "FSS-AGR", name: "Homestead gardening and agricultural inputs" },
      { code: "FSS-CFW", name: "Cash for work and community assets (host communities)" },
    ],
    indicators: [
      {
        code: "FSS-I01",
        name: "# of refugees receiving monthly food assistance",
        unit: "people",
        disaggregation: "sex_age",
      },
      {
        code: "FSS-I02",
        name: "% of households with acceptable food consumption score",
        unit: "percent",
        disaggregation: "none",
      },
      {
        code: "FSS-I03",
        name: "# of host community households receiving livelihood or agricultural support",
        unit: "households",
        disaggregation: "none",
      },
    ],
  },
  {
    code: "HEALTH",
    name: "Health",
    kind: "sector",
    leads: ["WHO"],
    activityTypes: [
      { code: "HEALTH-PHC", name: "Primary health care consultations" },
      { code: "HEALTH-SRH", name: "Sexual and reproductive health services" },
      { code: "HEALTH-IMM", name: "Immunisation campaigns" },
      { code: "HEALTH-CHW", name: "Community health worker outreach" },
      { code: "HEALTH-MHPSS", name: "Mental health and psychosocial support" },
      { code: "HEALTH-REF", name: "Referral and secondary care" },
    ],
    indicators: [
      {
        code: "HEALTH-I01",
        name: "# of outpatient consultations",
        unit: "consultations",
        disaggregation: "sex_age",
      },
      {
        code: "HEALTH-I02",
        name: "# of deliveries assisted by skilled birth attendants",
        unit: "deliveries",
        disaggregation: "none",
      },
      {
        code: "HEALTH-I03",
        name: "# of children under 5 vaccinated against measles and rubella",
        unit: "people",
        disaggregation: "sex",
      },
      {
        code: "HEALTH-I04",
        name: "# of functional health facilities",
        unit: "facilities",
        disaggregation: "none",
      },
    ],
  },
  {
    code: "NUT",
    name: "Nutrition",
    kind: "sector",
    leads: ["UNICEF"],
    activityTypes: [
      { code: "NUT-OTP", name: "Outpatient therapeutic programme (SAM treatment)" },
      { code: "NUT-TSFP", name: "Targeted supplementary feeding (MAM treatment)" },
      { code: "NUT-BSFP", name: "Blanket supplementary feeding" },
      { code: "NUT-IYCF", name: "Infant and young child feeding counselling" },
      { code: "NUT-SCR", name: "MUAC screening" },
    ],
    indicators: [
      {
        code: "NUT-I01",
        name: "# of children 6–59 months with SAM admitted for treatment",
        unit: "people",
        disaggregation: "sex",
      },
      {
        code: "NUT-I02",
        name: "# of children 6–59 months screened for acute malnutrition",
        unit: "people",
        disaggregation: "sex",
      },
      {
        code: "NUT-I03",
        name: "# of pregnant and lactating women receiving IYCF counselling",
        unit: "people",
        disaggregation: "none",
      },
    ],
  },
  {
    code: "PROT",
    name: "Protection",
    kind: "sector",
    leads: ["UNHCR"],
    activityTypes: [
      { code: "PROT-REG", name: "Registration and documentation" },
      { code: "PROT-CBP", name: "Community-based protection" },
      { code: "PROT-LEG", name: "Legal assistance and access to justice" },
      { code: "PROT-PSN", name: "Case management for persons with specific needs" },
      { code: "PROT-MON", name: "Protection monitoring" },
    ],
    indicators: [
      {
        code: "PROT-I01",
        name: "# of refugees individually registered and issued identity documents",
        unit: "people",
        disaggregation: "sex_age",
      },
      {
        code: "PROT-I02",
        name: "# of persons with specific needs receiving individual support",
        unit: "people",
        disaggregation: "sex_age",
      },
      { code: "PROT-I03", name: "# of protection monitoring visits", unit: "visits", disaggregation: "none" },
    ],
    children: [
      {
        code: "CP",
        name: "Child Protection",
        kind: "sub_sector",
        leads: ["UNICEF"],
        activityTypes: [
          { code: "CP-CFS", name: "Child-friendly spaces" },
          { code: "CP-CM", name: "Child protection case management" },
          { code: "CP-PSS", name: "Psychosocial support for children" },
          { code: "CP-AWR", name: "Community awareness on child protection" },
        ],
        indicators: [
          {
            code: "CP-I01",
            name: "# of children receiving psychosocial support",
            unit: "people",
            disaggregation: "sex_age",
          },
          {
            code: "CP-I02",
            name: "# of unaccompanied and separated children receiving case management",
            unit: "people",
            disaggregation: "sex",
          },
        ],
      },
      {
        code: "GBV",
        name: "Gender-Based Violence",
        kind: "sub_sector",
        leads: ["UNFPA"],
        activityTypes: [
          { code: "GBV-WGSS", name: "Women and girls' safe spaces" },
          { code: "GBV-CM", name: "GBV case management" },
          { code: "GBV-DIG", name: "Dignity kit distribution" },
          { code: "GBV-CMR", name: "Clinical management of rape" },
        ],
        indicators: [
          {
            code: "GBV-I01",
            name: "# of GBV survivors receiving case management",
            unit: "people",
            disaggregation: "sex_age",
          },
          {
            code: "GBV-I02",
            name: "# of women and girls receiving dignity kits",
            unit: "people",
            disaggregation: "sex_age",
          },
          {
            code: "GBV-I03",
            name: "# of functional women and girls' safe spaces",
            unit: "safe spaces",
            disaggregation: "none",
          },
        ],
      },
    ],
  },
  {
    code: "SNFI",
    name: "Shelter/NFI",
    kind: "sector",
    leads: ["UNHCR"],
    coLeads: ["IOM"],
    activityTypes: [
      { code: "SNFI-SUK", name: "Shelter upgrade kits" },
      { code: "SNFI-TDK", name: "Tie-down and pre-monsoon shelter strengthening" },
      { code: "SNFI-MTS", name: "Mid-term shelter construction" },
      { code: "SNFI-NFI", name: "Core NFI distribution" },
      { code: "SNFI-HCR", name: "Host community shelter repair" },
    ],
    indicators: [
      {
        code: "SNFI-I01",
        name: "# of households receiving shelter upgrade assistance",
        unit: "households",
        disaggregation: "none",
      },
      {
        code: "SNFI-I02",
        name: "# of households receiving core NFI kits",
        unit: "households",
        disaggregation: "none",
      },
      {
        code: "SNFI-I03",
        name: "# of mid-term shelters constructed",
        unit: "shelters",
        disaggregation: "none",
      },
    ],
  },
  {
    code: "SMSD",
    name: "Site Management and Site Development",
    kind: "sector",
    leads: ["UNHCR"],
    coLeads: ["IOM"],
    activityTypes: [
      { code: "SMSD-SMS", name: "Site management support" },
      { code: "SMSD-DEV", name: "Site development (slope stabilisation, drainage, pathways, bridges)" },
      { code: "SMSD-EPR", name: "Emergency preparedness and monsoon/cyclone response" },
      { code: "SMSD-LPG", name: "LPG refills and clean cooking energy" },
      { code: "SMSD-GOV", name: "Community representation and camp governance" },
    ],
    indicators: [
      {
        code: "SMSD-I01",
        name: "# of camps with functional site management support",
        unit: "camps",
        disaggregation: "none",
      },
      {
        code: "SMSD-I02",
        name: "Metres of drainage constructed or rehabilitated",
        unit: "metres",
        disaggregation: "none",
      },
      {
        code: "SMSD-I03",
        name: "# of households receiving LPG refills",
        unit: "households",
        disaggregation: "none",
      },
      {
        code: "SMSD-I04",
        name: "# of camp volunteers trained in emergency preparedness",
        unit: "people",
        disaggregation: "sex",
      },
    ],
  },
  {
    code: "WASH",
    name: "WASH",
    kind: "sector",
    leads: ["UNICEF"],
    coLeads: ["ACF"],
    activityTypes: [
      { code: "WASH-LAT", name: "Latrine construction and rehabilitation" },
      { code: "WASH-WSS", name: "Water supply (tube wells and piped networks)" },
      { code: "WASH-FSM", name: "Desludging and faecal sludge management" },
      { code: "WASH-HYP", name: "Hygiene promotion" },
      { code: "WASH-HYK", name: "Hygiene kit distribution" },
      { code: "WASH-WQM", name: "Water quality monitoring" },
    ],
    indicators: [
      {
        code: "WASH-I01",
        name: "# of people with access to sufficient safe water (15 L/person/day)",
        unit: "people",
        disaggregation: "sex_age",
      },
      { code: "WASH-I02", name: "# of functional latrines", unit: "latrines", disaggregation: "none" },
      {
        code: "WASH-I03",
        name: "# of people reached by hygiene promotion",
        unit: "people",
        disaggregation: "sex_age",
      },
      { code: "WASH-I04", name: "Litres of safe water supplied", unit: "litres", disaggregation: "none" },
    ],
  },
  {
    code: "LSD",
    name: "Livelihoods and Skills Development",
    kind: "sector",
    leads: ["UNDP"],
    activityTypes: [
      { code: "LSD-SKL", name: "Skills development for refugees" },
      { code: "LSD-IGA", name: "Income-generating activities for host communities" },
      { code: "LSD-CFW", name: "Cash for work" },
      { code: "LSD-ENV", name: "Environmental rehabilitation and reforestation" },
    ],
    indicators: [
      {
        code: "LSD-I01",
        name: "# of refugees participating in skills development",
        unit: "people",
        disaggregation: "sex_age",
      },
      {
        code: "LSD-I02",
        name: "# of host community members supported with livelihoods",
        unit: "people",
        disaggregation: "sex",
      },
    ],
  },
  {
    code: "ETS",
    name: "Emergency Telecommunications",
    kind: "sector",
    leads: ["WFP"],
    activityTypes: [
      { code: "ETS-CON", name: "Internet connectivity for humanitarian partners" },
      { code: "ETS-RAD", name: "Security telecommunications (VHF radio network)" },
      { code: "ETS-TRN", name: "Radio and ICT training" },
    ],
    indicators: [
      {
        code: "ETS-I01",
        name: "# of humanitarian facilities connected",
        unit: "facilities",
        disaggregation: "none",
      },
      {
        code: "ETS-I02",
        name: "# of humanitarian staff trained in radio communications",
        unit: "people",
        disaggregation: "sex",
      },
    ],
  },
  {
    code: "LOG",
    name: "Logistics",
    kind: "sector",
    leads: ["WFP"],
    activityTypes: [
      { code: "LOG-STO", name: "Common storage" },
      { code: "LOG-TRA", name: "Common transport" },
      { code: "LOG-IM", name: "Logistics coordination and information management" },
    ],
    indicators: [
      {
        code: "LOG-I01",
        name: "Cubic metres of common storage provided",
        unit: "m³",
        disaggregation: "none",
      },
      {
        code: "LOG-I02",
        name: "# of organisations using common logistics services",
        unit: "organisations",
        disaggregation: "none",
      },
    ],
  },
  // In Cox's Bazar the CwC working group reports to the ISCG rather than to a single sector, so it is top-level.
  {
    code: "CwC",
    name: "Communication with Communities",
    kind: "working_group",
    leads: ["IOM"],
    coLeads: ["UNHCR"],
    activityTypes: [
      { code: "CwC-INF", name: "Information centres and help desks" },
      { code: "CwC-RAD", name: "Radio programmes and listening groups" },
      { code: "CwC-LNG", name: "Translation and language support (Rohingya, Bangla, Burmese)" },
      { code: "CwC-FBK", name: "Community feedback and complaints mechanisms" },
    ],
    indicators: [
      {
        code: "CwC-I01",
        name: "# of people reached with life-saving information",
        unit: "people",
        disaggregation: "sex_age",
      },
      {
        code: "CwC-I02",
        name: "# of feedback entries recorded and closed",
        unit: "feedback entries",
        disaggregation: "none",
      },
    ],
  },
];

export const rohingyaResponse: DemoResponse = {
  slug: "rohingya",
  name: "Rohingya Refugee Response, Cox's Bazar",
  countryIso3: "BGD",
  languages: ["en", "bn", "my"],
  startsOn: "2017-08-25",
  locations,
  organisations,
  sectors,
  populationGroups: [
    { code: "REF_CAMP", name: "Rohingya refugees in camps" },
    { code: "REF_REG", name: "Registered refugees (pre-2017 caseload, Kutupalong and Nayapara RCs)" },
    { code: "REF_BHASAN", name: "Rohingya refugees on Bhasan Char" },
    { code: "HOST", name: "Host communities" },
  ],
};
