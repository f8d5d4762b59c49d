/**
 * Worksheet `<row>` XML from the lines of COPY's text format (fields separated by tabs, `\N` for
 * NULL), converted byte by byte into a reused buffer. A first version split each line into strings
 * and concatenated markup around them: at a million rows, collecting those strings' garbage took a
 * quarter of the XLSX export's time on PGlite (which shares the thread with the conversion).
 *
 * Cells are written as exceljs writes them: `<c r="B7" t="str"><v>text</v></c>` for text (never a
 * formula), `<c r="P7"><v>12.5</v></c>` for numbers, nothing for an empty cell; in text, & < > are
 * escaped and the control characters XML 1.0 forbids are removed (tab, line feed and carriage
 * return stay).
 */

const TAB = 0x09;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;

/** Bytes that a field is copied through unchanged without: everything but these takes the slow path. */
const plain = new Uint8Array(256).fill(1);
for (let b = 0; b < 0x20; b++) plain[b] = 0;
for (const c of "&<>\\") plain[c.charCodeAt(0)] = 0;

// COPY writes \\ \b \f \n \r \t \v for a backslash and those characters.
const copyEscapes: Record<string, string> = {
  "\\": "\\",
  n: "\n",
  r: "\r",
  t: "\t",
  b: "\b",
  f: "\f",
  v: "\v",
};

/** The slow path: a field with escapes, markup characters or control characters. */
export const xmlText = (copyField: string) =>
  copyField
    .replace(/\\(.)/g, (_, c: string) => copyEscapes[c] ?? c)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");

const columnLetter = (i: number): string =>
  (i >= 26 ? columnLetter(Math.floor(i / 26) - 1) : "") + String.fromCharCode(65 + (i % 26));

const ascii = (text: string) => Buffer.from(text, "latin1");

/** Bytes of sheet XML per piece handed on (see `convert`). */
const pieceBytes = 256 << 10;

export class SheetRows {
  private readonly cellStart: Buffer[];
  private readonly cellValue: Buffer[];
  private readonly cellEnd = ascii("</v></c>");
  private readonly rowStart = ascii('<row r="');
  private readonly rowEnd = ascii("</row>");
  private readonly rowOpened = ascii('">');
  private out = Buffer.allocUnsafe(2 * pieceBytes);
  private pos = 0;
  private rest: Buffer = Buffer.alloc(0);

  /** `numbers[i]`: column i holds numbers; rows are numbered from `row`. */
  constructor(
    private readonly numbers: boolean[],
    private row: number,
  ) {
    this.cellStart = numbers.map((_, i) => ascii(`<c r="${columnLetter(i)}`));
    this.cellValue = numbers.map((n) => ascii(n ? '"><v>' : '" t="str"><v>'));
  }

  /**
   * The rows of the complete lines so far (a line cut at the end of `chunk` waits for the next),
   * in pieces of about `pieceBytes`: the stream stages between here and deflate each hold a
   * piece, so a smaller piece keeps less of the sheet in memory at once.
   */
  *convert(chunk: Buffer): Generator<Buffer> {
    const input = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const last = input.lastIndexOf(NEWLINE);
    this.rest = Buffer.from(input.subarray(last + 1));
    let start = 0;
    while (start <= last) {
      const end = input.indexOf(NEWLINE, start);
      this.line(input, start, end);
      start = end + 1;
      if (this.pos >= pieceBytes) yield this.take();
    }
    if (this.pos > 0) yield this.take();
  }

  private take(): Buffer {
    const piece = Buffer.from(this.out.subarray(0, this.pos));
    this.pos = 0;
    return piece;
  }

  private line(input: Buffer, start: number, end: number): void {
    // Room for the markup of every cell and for each byte escaped (&amp; is 5 bytes for 1).
    this.reserve(64 + this.numbers.length * 48 + (end - start) * 5);
    const out = this.out;
    this.put(this.rowStart);
    const digitsAt = this.pos;
    this.pos += out.write(String(this.row++), this.pos, "latin1");
    const digitsEnd = this.pos;
    this.put(this.rowOpened);
    let column = 0;
    let i = start;
    while (i <= end && column < this.numbers.length) {
      let fieldEnd = i;
      while (fieldEnd < end && input[fieldEnd] !== TAB) fieldEnd++;
      const empty = fieldEnd - i === 2 && input[i] === BACKSLASH && input[i + 1] === 0x4e; // \N
      if (!empty && fieldEnd > i) {
        this.put(this.cellStart[column]!);
        for (let d = digitsAt; d < digitsEnd; d++) out[this.pos++] = out[d]!;
        this.put(this.cellValue[column]!);
        let p = this.pos;
        let k = i;
        while (k < fieldEnd && plain[input[k]!]) out[p++] = input[k++]!;
        if (k === fieldEnd) this.pos = p;
        else this.pos += out.write(xmlText(input.toString("utf8", i, fieldEnd)), this.pos, "utf8");
        this.put(this.cellEnd);
      }
      column++;
      i = fieldEnd + 1;
    }
    this.put(this.rowEnd);
  }

  private put(bytes: Buffer): void {
    const out = this.out;
    let p = this.pos;
    for (let k = 0; k < bytes.length; k++) out[p++] = bytes[k]!;
    this.pos = p;
  }

  private reserve(bytes: number): void {
    if (this.pos + bytes <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.pos + bytes));
    this.out.copy(bigger, 0, 0, this.pos);
    this.out = bigger;
  }
}
