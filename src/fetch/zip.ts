import { type FileHandle, open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { Inflate } from 'fflate';

/**
 * Just enough of a zip reader to unpack named entries from archives of hundreds of megabytes (QCEW's yearly
 * by-area zip, OEWS all-data) without reading them into memory: the central directory gives each entry's
 * place, and the entry is inflated from disk in chunks with fflate, its CRC-32 and size checked.
 */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc: number;
  readonly localHeaderOffset: number;
  readonly encrypted: boolean;
}

export class ZipError extends Error {
  override readonly name = 'ZipError';
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const CHUNK = 1 << 20;

/** The entries of a zip file (directories left out), in central-directory order. */
export async function listZipEntries(path: string): Promise<ZipEntry[]> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = await readAt(handle, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipError('not a zip archive (no end-of-central-directory record)');
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const locator = eocd - 20;
      if (locator < 0 || tail.readUInt32LE(locator) !== ZIP64_LOCATOR) {
        throw new ZipError('zip64 archive without its end-of-central-directory locator');
      }
      const record = await readAt(handle, Number(tail.readBigUInt64LE(locator + 8)), 56);
      if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipError('damaged zip64 end-of-central-directory');
      count = Number(record.readBigUInt64LE(32));
      cdSize = Number(record.readBigUInt64LE(40));
      cdOffset = Number(record.readBigUInt64LE(48));
    }
    const cd = await readAt(handle, cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let n = 0; n < count; n++) {
      if (at + 46 > cd.length || cd.readUInt32LE(at) !== CENTRAL) {
        throw new ZipError(`damaged central directory at entry ${n + 1}`);
      }
      const flags = cd.readUInt16LE(at + 8);
      const nameLength = cd.readUInt16LE(at + 28);
      const extraLength = cd.readUInt16LE(at + 30);
      const commentLength = cd.readUInt16LE(at + 32);
      const nameBytes = cd.subarray(at + 46, at + 46 + nameLength);
      const name = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');
      let size = cd.readUInt32LE(at + 24);
      let compressedSize = cd.readUInt32LE(at + 20);
      let localHeaderOffset = cd.readUInt32LE(at + 42);
      const extra = cd.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
      for (let e = 0; e + 4 <= extra.length; ) {
        const id = extra.readUInt16LE(e);
        const length = extra.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let p = e + 4;
          const next = () => {
            const v = Number(extra.readBigUInt64LE(p));
            p += 8;
            return v;
          };
          if (size === 0xffffffff) size = next();
          if (compressedSize === 0xffffffff) compressedSize = next();
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
        }
        e += 4 + length;
      }
      if (!name.endsWith('/')) {
        entries.push({
          name,
          method: cd.readUInt16LE(at + 10),
          compressedSize,
          size,
          crc: cd.readUInt32LE(at + 16),
          localHeaderOffset,
          encrypted: (flags & 1) === 1,
        });
      }
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** Unpack one entry to `dest` (overwritten), checking its size and CRC-32. Returns the bytes written. */
export async function extractZipEntry(path: string, entry: ZipEntry, dest: string): Promise<number> {
  if (entry.encrypted) throw new ZipError(`${entry.name} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ZipError(
      `${entry.name} uses compression method ${entry.method}${entry.method === 9 ? ' (Deflate64)' : ''}; only stored and deflated entries can be unpacked`,
    );
  }
  const input = await open(path, 'r');
  const output = await open(dest, 'w');
  try {
    const local = await readAt(input, entry.localHeaderOffset, 30);
    if (local.readUInt32LE(0) !== LOCAL) throw new ZipError(`damaged local header for ${entry.name}`);
    let offset = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    let remaining = entry.compressedSize;
    let crc = 0;
    let written = 0;
    let pending: Buffer[] = [];
    const inflate = new Inflate((chunk) => pending.push(Buffer.from(chunk)));
    const flush = async () => {
      for (const chunk of pending) {
        crc = crc32(chunk, crc);
        written += chunk.length;
        await output.write(chunk);
      }
      pending = [];
    };
    if (remaining === 0 && entry.method === 8) inflate.push(new Uint8Array(0), true);
    while (remaining > 0) {
      const chunk = await readAt(input, offset, Math.min(CHUNK, remaining));
      if (chunk.length === 0) throw new ZipError(`${entry.name} is cut short`);
      offset += chunk.length;
      remaining -= chunk.length;
      if (entry.method === 0) pending.push(chunk);
      else inflate.push(chunk, remaining === 0);
      await flush();
    }
    await flush();
    if (written !== entry.size) {
      throw new ZipError(`${entry.name}: unpacked ${written} bytes, the archive says ${entry.size}`);
    }
    if (crc >>> 0 !== entry.crc >>> 0) throw new ZipError(`${entry.name}: CRC-32 does not match`);
    return written;
  } finally {
    await output.close();
    await input.close();
  }
}

/**
 * The entries a name or pattern picks: an exact path; else entries whose path or file name it matches,
 * ignoring case, where "*" matches any characters.
 *
 * @example matchEntries(['db_29_0_text/Skills.txt', 'db_29_0_text/Knowledge.txt'], 'Skills.txt') // ['db_29_0_text/Skills.txt']
 */
export function matchEntries(names: readonly string[], pattern: string): string[] {
  if (names.includes(pattern)) return [pattern];
  const base = (n: string) => n.slice(n.lastIndexOf('/') + 1);
  // Case is ignored: the same release spells "C2023_A_RV.csv" and "c2023_a_rv.csv" in different years.
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'i');
  return names.filter((n) => re.test(n) || re.test(base(n)));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(buffer, read, length - read, position + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return buffer.subarray(0, read);
}
