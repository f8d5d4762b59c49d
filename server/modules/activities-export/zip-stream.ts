import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import zlib from "node:zlib";

/**
 * A ZIP file written as a stream, for the XLSX export: the records as they are converted, never
 * the whole sheet. The bytes are those yazl writes for `addBuffer` (small parts, sizes known) and
 * `addReadStream` (the sheet: a data descriptor after it, ZIP64 fields past 4 GiB), which the tests
 * compare byte for byte. yazl itself is not used here because its deflate runs with zlib's default
 * 16 kB output chunk: each chunk done in libuv's threads waits for the main thread to ask for the
 * next, and on PGlite the main thread is busy in the database, so compressing hardly overlapped
 * with it (a tenth of a million-row export waiting idle). Here deflate takes 1 MiB at a time, and
 * CRC-32 is Node's own (yazl's is a JavaScript loop on the main thread).
 */

export interface ZipEntry {
  /** The path inside the archive (UTF-8). */
  name: string;
  /** The bytes: whole, or streamed (then followed by a data descriptor). */
  data: Buffer | AsyncIterable<Buffer>;
  /** Deflate level (0: stored). */
  level: number;
  /** Bytes of a streamed part read ahead of deflate (default 16 kB). */
  readAhead?: number;
}

const deflateRaw = promisify(zlib.deflateRaw);

const UTF8_NAME = 1 << 11;
const DATA_DESCRIPTOR = 1 << 3;
const VERSION_NEEDED = 20;
const VERSION_NEEDED_ZIP64 = 45;
const VERSION_MADE_BY = (3 << 8) | 63; // unix, spec 6.3
const FILE_MODE = 0o100664;
/** Deflate's output per pass in libuv's threads. */
const deflateChunk = 1 << 20;

interface Written {
  name: Buffer;
  flags: number;
  method: number;
  crc: number;
  compressed: number;
  uncompressed: number;
  offset: number;
}

/** DOS date and time in local time, as yazl (and the format) has it, clamped to 1980–2107. */
function dosDateTime(when: Date): { date: number; time: number } {
  const min = new Date(1980, 0, 1);
  const max = new Date(2107, 11, 31, 23, 59, 58);
  const d = when < min ? min : when > max ? max : when;
  return {
    date: (d.getDate() & 0x1f) | (((d.getMonth() + 1) & 0xf) << 5) | (((d.getFullYear() - 1980) & 0x7f) << 9),
    time: Math.floor(d.getSeconds() / 2) | ((d.getMinutes() & 0x3f) << 5) | ((d.getHours() & 0x1f) << 11),
  };
}

function writeUInt64(buffer: Buffer, n: number, offset: number) {
  buffer.writeUInt32LE(n % 0x100000000, offset);
  buffer.writeUInt32LE(Math.floor(n / 0x100000000), offset + 4);
}

const zip64 = (e: Written) =>
  e.uncompressed > 0xfffffffe || e.compressed > 0xfffffffe || e.offset > 0xfffffffe;

function localHeader(e: Written, known: boolean, dos: { date: number; time: number }): Buffer {
  const b = Buffer.alloc(30);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(VERSION_NEEDED, 4);
  b.writeUInt16LE(e.flags, 6);
  b.writeUInt16LE(e.method, 8);
  b.writeUInt16LE(dos.time, 10);
  b.writeUInt16LE(dos.date, 12);
  b.writeUInt32LE(known ? e.crc : 0, 14);
  b.writeUInt32LE(known ? e.compressed : 0, 18);
  b.writeUInt32LE(known ? e.uncompressed : 0, 22);
  b.writeUInt16LE(e.name.length, 26);
  b.writeUInt16LE(0, 28);
  return Buffer.concat([b, e.name]);
}

function dataDescriptor(e: Written): Buffer {
  const big = zip64(e);
  const b = Buffer.alloc(big ? 24 : 16);
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(e.crc, 4);
  if (big) {
    writeUInt64(b, e.compressed, 8);
    writeUInt64(b, e.uncompressed, 16);
  } else {
    b.writeUInt32LE(e.compressed, 8);
    b.writeUInt32LE(e.uncompressed, 12);
  }
  return b;
}

function centralRecord(e: Written, dos: { date: number; time: number }, mtime: Date): Buffer {
  // The Info-ZIP "UT" timestamp, then the ZIP64 sizes and offset when they do not fit.
  const ut = Buffer.alloc(9);
  ut.writeUInt16LE(0x5455, 0);
  ut.writeUInt16LE(5, 2);
  ut.writeUInt8(3, 4);
  ut.writeInt32LE(Math.min(0x7fffffff, Math.max(-0x80000000, Math.floor(mtime.getTime() / 1000))), 5);
  const big = zip64(e);
  let extra = ut;
  if (big) {
    const z = Buffer.alloc(28);
    z.writeUInt16LE(0x0001, 0);
    z.writeUInt16LE(24, 2);
    writeUInt64(z, e.uncompressed, 4);
    writeUInt64(z, e.compressed, 12);
    writeUInt64(z, e.offset, 20);
    extra = Buffer.concat([ut, z]);
  }
  const b = Buffer.alloc(46);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(VERSION_MADE_BY, 4);
  b.writeUInt16LE(big ? VERSION_NEEDED_ZIP64 : VERSION_NEEDED, 6);
  b.writeUInt16LE(e.flags, 8);
  b.writeUInt16LE(e.method, 10);
  b.writeUInt16LE(dos.time, 12);
  b.writeUInt16LE(dos.date, 14);
  b.writeUInt32LE(e.crc, 16);
  b.writeUInt32LE(big ? 0xffffffff : e.compressed, 20);
  b.writeUInt32LE(big ? 0xffffffff : e.uncompressed, 24);
  b.writeUInt16LE(e.name.length, 28);
  b.writeUInt16LE(extra.length, 30);
  b.writeUInt16LE(0, 32);
  b.writeUInt16LE(0, 34);
  b.writeUInt16LE(0, 36);
  b.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
  b.writeUInt32LE(big ? 0xffffffff : e.offset, 42);
  return Buffer.concat([b, e.name, extra]);
}

function endOfCentralDirectory(entries: number, start: number, size: number): Buffer {
  const big = entries >= 0xffff || size >= 0xffffffff || start >= 0xffffffff;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries, 0xffff), 10);
  end.writeUInt32LE(Math.min(size, 0xffffffff), 12);
  end.writeUInt32LE(Math.min(start, 0xffffffff), 16);
  if (!big) return end;
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  writeUInt64(record, 44, 4);
  record.writeUInt16LE(VERSION_MADE_BY, 12);
  record.writeUInt16LE(VERSION_NEEDED_ZIP64, 14);
  writeUInt64(record, entries, 24);
  writeUInt64(record, entries, 32);
  writeUInt64(record, size, 40);
  writeUInt64(record, start, 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  writeUInt64(locator, start + size, 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([record, locator, end]);
}

/** The archive's bytes, entry after entry, then the central directory. */
export async function* zipStream(entries: ZipEntry[], mtime = new Date()): AsyncGenerator<Buffer> {
  const dos = dosDateTime(mtime);
  const written: Written[] = [];
  let offset = 0;
  for (const entry of entries) {
    const e: Written = {
      name: Buffer.from(entry.name),
      flags: UTF8_NAME,
      method: entry.level === 0 ? 0 : 8,
      crc: 0,
      compressed: 0,
      uncompressed: 0,
      offset,
    };
    written.push(e);
    if (Buffer.isBuffer(entry.data)) {
      const data = entry.level === 0 ? entry.data : await deflateRaw(entry.data, { level: entry.level });
      Object.assign(e, {
        crc: zlib.crc32(entry.data),
        compressed: data.length,
        uncompressed: entry.data.length,
      });
      const header = localHeader(e, true, dos);
      yield header;
      yield data;
      offset += header.length + data.length;
      continue;
    }
    e.flags |= DATA_DESCRIPTOR;
    const header = localHeader(e, false, dos);
    yield header;
    offset += header.length;
    const source = entry.data;
    async function* counted() {
      for await (const chunk of source) {
        e.crc = zlib.crc32(chunk, e.crc);
        e.uncompressed += chunk.length;
        yield chunk;
      }
    }
    const input = Readable.from(counted(), { objectMode: false, highWaterMark: entry.readAhead });
    const deflate =
      entry.level === 0 ? null : zlib.createDeflateRaw({ level: entry.level, chunkSize: deflateChunk });
    const output = deflate ?? input;
    const done = deflate ? pipeline(input, deflate) : null;
    try {
      for await (const chunk of output) {
        e.compressed += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
      await done;
    } finally {
      // Stopped early (a download dropped) or failed: stop reading the source too.
      if (!output.destroyed) output.destroy();
      if (!input.destroyed) input.destroy();
      await done?.catch(() => undefined);
    }
    offset += e.compressed;
    const descriptor = dataDescriptor(e);
    yield descriptor;
    offset += descriptor.length;
  }
  const start = offset;
  let size = 0;
  for (const e of written) {
    const record = centralRecord(e, dos, mtime);
    size += record.length;
    yield record;
  }
  yield endOfCentralDirectory(written.length, start, size);
}
