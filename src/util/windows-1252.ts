/**
 * Windows-1252 decoding. Node's TextDecoder('windows-1252') maps bytes 0x80-0x9F to C1 control characters (as
 * ISO-8859-1 does), but in Windows-1252, what spreadsheet programs and survey tools write, they are curly
 * quotes, dashes, € and so on; a curly apostrophe would otherwise arrive as U+0092.
 */
const HIGH: readonly string[] = [
  '\u20ac',
  '\u0081',
  '\u201a',
  '\u0192',
  '\u201e',
  '\u2026',
  '\u2020',
  '\u2021',
  '\u02c6',
  '\u2030',
  '\u0160',
  '\u2039',
  '\u0152',
  '\u008d',
  '\u017d',
  '\u008f',
  '\u0090',
  '\u2018',
  '\u2019',
  '\u201c',
  '\u201d',
  '\u2022',
  '\u2013',
  '\u2014',
  '\u02dc',
  '\u2122',
  '\u0161',
  '\u203a',
  '\u0153',
  '\u009d',
  '\u017e',
  '\u0178',
];

/**
 * Decode Windows-1252 bytes; every byte is one character, so chunks decode independently.
 *
 * @example decodeWindows1252(Buffer.from([0x92, 0xfc])) // '’ü'
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => HIGH[c.charCodeAt(0) - 0x80]!);
}
