import { hash } from "node:crypto";

/**
 * The keys a file has used so far (natural keys, external ids), each as the first 12 bytes of its
 * MD5 digest with the row that first had it, for finding duplicates within a file. Kept in typed
 * arrays with open addressing: a Map of base64 strings took about 75 bytes an entry and, with a
 * million rows and two keys each, 150 MB of heap for the garbage collector to walk; this takes 16
 * bytes a slot (96 bits of digest: two of a million keys meet by chance with odds of about 1 in
 * 10^17). The full 16 bytes took 20 bytes a slot: two sets at a million rows held 84 MB, now 67 MB,
 * and 126 MB while a table doubles, now 101 MB.
 * Digests come from the one-shot `hash` (no Hash object per key).
 */
export class DigestSet {
  /** Three 32-bit words of digest per slot. */
  private words: Uint32Array;
  /** The row of each slot plus one; 0 marks an empty slot. */
  private rows: Uint32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    const slots = 2 ** Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.words = new Uint32Array(slots * 3);
    this.rows = new Uint32Array(slots);
    this.mask = slots - 1;
  }

  /** The row that first had this key, or undefined. */
  get(key: string): number | undefined {
    const d = hash("md5", key, "buffer");
    const slot = this.find(d);
    return this.rows[slot] ? this.rows[slot]! - 1 : undefined;
  }

  /** Records the key for `row` unless an earlier row had it. */
  add(key: string, row: number): void {
    this.put(hash("md5", key, "buffer"), row);
  }

  private put(d: Buffer, row: number): void {
    const slot = this.find(d);
    if (this.rows[slot]) return;
    this.words[slot * 3] = d.readUInt32LE(0);
    this.words[slot * 3 + 1] = d.readUInt32LE(4);
    this.words[slot * 3 + 2] = d.readUInt32LE(8);
    this.rows[slot] = row + 1;
    if (++this.size * 2 > this.mask) this.grow();
  }

  /** The slot holding this digest, else the empty slot where it would go (linear probing). */
  private find(d: Buffer): number {
    const a = d.readUInt32LE(0);
    const b = d.readUInt32LE(4);
    const c = d.readUInt32LE(8);
    let slot = a & this.mask;
    const { words, rows } = this;
    while (rows[slot]) {
      const w = slot * 3;
      if (words[w] === a && words[w + 1] === b && words[w + 2] === c) return slot;
      slot = (slot + 1) & this.mask;
    }
    return slot;
  }

  /** Doubles the table (kept at most half full, so probes stay short). */
  private grow(): void {
    const { words, rows } = this;
    const slots = rows.length * 2;
    this.words = new Uint32Array(slots * 3);
    this.rows = new Uint32Array(slots);
    this.mask = slots - 1;
    this.size = 0;
    const d = Buffer.alloc(12);
    for (let i = 0; i < rows.length; i++) {
      if (!rows[i]) continue;
      for (let j = 0; j < 3; j++) d.writeUInt32LE(words[i * 3 + j]!, j * 4);
      this.put(d, rows[i]! - 1);
    }
  }
}
