import type { Pointing } from "../../../common/analysis-rows.ts";
import type { Named } from "./analysis.queries.ts";

const byCode = (a: Named, b: Named) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * The places and sectors a presence or gaps answer names once (`presenceOutput`), and each one's
 * position. Rows are built pointing into every place of the scope and every sector, both listed
 * in code order, so that sorting rows by sector and place code compares two numbers; `answer`
 * then keeps the places and sectors the rows point at and renumbers the rows in place.
 *
 * Built for site-level answers of thousands of rows: the rows were first made with the place and
 * the sector in them, sorted by comparing codes, then copied into this form (12–35 ms of a 60–90 ms
 * request at site level for every sector, a million records, garbage collection aside).
 */
export class AnswerNames {
  private readonly places: Named[];
  private readonly sectors: Named[];
  private readonly placeAt = new Map<string, number>();
  private readonly sectorAt = new Map<string, number>();

  constructor(
    places: Iterable<Named>,
    sectors: Iterable<Named>,
    /** What to call an id that is not listed (a place added since the names were read). */
    private readonly unknown: (id: string) => Named,
  ) {
    this.places = [...places].sort(byCode);
    this.sectors = [...sectors].sort(byCode);
    for (const [i, place] of this.places.entries()) this.placeAt.set(place.id, i);
    for (const [i, sector] of this.sectors.entries()) this.sectorAt.set(sector.id, i);
  }

  /** The position of a place; an unlisted one is added at the end (it sorts last). */
  place(id: string): number {
    return this.placeAt.get(id) ?? this.add(this.places, this.placeAt, id);
  }

  sector(id: string): number {
    return this.sectorAt.get(id) ?? this.add(this.sectors, this.sectorAt, id);
  }

  private add(list: Named[], at: Map<string, number>, id: string): number {
    list.push(this.unknown(id));
    at.set(id, list.length - 1);
    return list.length - 1;
  }

  /**
   * The places and sectors the rows point at, in code order, with the rows' positions changed to
   * point into these shorter lists (the rows' order is kept: it follows the same order).
   */
  answer<Row extends Pointing>(rows: Row[]): { places: Named[]; sectors: Named[]; rows: Row[] } {
    const places = kept(this.places, rows, (r) => r.place);
    const sectors = kept(this.sectors, rows, (r) => r.sector);
    for (const row of rows) {
      row.place = places.positionOf[row.place]!;
      row.sector = sectors.positionOf[row.sector]!;
    }
    return { places: places.list, sectors: sectors.list, rows };
  }
}

/** The items some row points at, and each item's new position (-1 for the others). */
function kept<Row>(items: Named[], rows: Row[], pointer: (row: Row) => number) {
  const positionOf = new Int32Array(items.length).fill(-1);
  for (const row of rows) positionOf[pointer(row)] = 0;
  const list: Named[] = [];
  for (let i = 0; i < items.length; i++)
    if (positionOf[i] === 0) {
      positionOf[i] = list.length;
      list.push(items[i]!);
    }
  return { list, positionOf };
}
