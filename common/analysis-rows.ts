import type { Ref } from "./schemas/analysis.ts";

/**
 * Presence and gaps answers name each place and sector once and point at them from the rows by
 * position (see `presenceOutput`). `compactRows` writes an answer so (the server); `expandRows`
 * puts the place and the sector back into each row (the web pages, CSV downloads, tests).
 */

type Located = { location: Ref; sector: Ref };
type Pointing = { place: number; sector: number };

export function compactRows<Row extends Located>(
  rows: Row[],
): { places: Ref[]; sectors: Ref[]; rows: (Omit<Row, keyof Located> & Pointing)[] } {
  const places: Ref[] = [];
  const sectors: Ref[] = [];
  const placeAt = new Map<string, number>();
  const sectorAt = new Map<string, number>();
  const positionOf = (list: Ref[], at: Map<string, number>, item: Ref) => {
    let position = at.get(item.id);
    if (position === undefined) {
      position = list.length;
      list.push(item);
      at.set(item.id, position);
    }
    return position;
  };
  return {
    places,
    sectors,
    rows: rows.map(({ location, sector, ...figures }) => ({
      ...figures,
      place: positionOf(places, placeAt, location),
      sector: positionOf(sectors, sectorAt, sector),
    })),
  };
}

/** The answer with the place and the sector in each row, and without the lists they came from. */
export function expandAnswer<Answer extends { places: Ref[]; sectors: Ref[]; rows: Pointing[] }>(
  answer: Answer,
): Omit<Answer, "places" | "sectors" | "rows"> & {
  rows: (Omit<Answer["rows"][number], keyof Pointing> & Located)[];
} {
  const { places, sectors, rows, ...basis } = answer;
  const missing = (what: string, position: number): never => {
    throw new Error(`The answer's row points at ${what} ${position}, which it does not list.`);
  };
  type Row = Answer["rows"][number];
  return {
    ...basis,
    // The figures are the row's own fields but its two positions (TypeScript keeps only the
    // constraint's fields in the rest of a generic value, hence the cast).
    rows: (rows as Row[]).map(({ place, sector, ...figures }) => ({
      ...(figures as Omit<Row, keyof Pointing>),
      location: places[place] ?? missing("place", place),
      sector: sectors[sector] ?? missing("sector", sector),
    })),
  };
}
