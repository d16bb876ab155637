/**
 * The XML writing the ReqIF export needs, and nothing more: escaping for text and attribute values,
 * the characters XML 1.0 forbids removed, and identifiers made valid xsd:IDs. A writer of strings
 * rather than fast-xml-parser's XMLBuilder: the export streams 10,000 objects in a fixed element
 * order with XHTML inside, and building an object tree for the builder first costs time and memory
 * for nothing.
 */

/** Everything XML 1.0 does not allow in a document (C0 controls but tab and line breaks, lone surrogates, U+FFFE, U+FFFF). */
const FORBIDDEN = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const TEXT_SPECIAL = /[&<>\r]/g;
const ATTRIBUTE_SPECIAL = /[&<>"\t\n\r]/g;
const REFERENCE: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/** Removes what XML 1.0 cannot hold at all: no escape can carry a NUL or a lone surrogate. */
export function xmlChars(value: string): string {
  return value.replace(FORBIDDEN, '');
}

/**
 * Text content: `&`, `<` and `>` (so `]]>` cannot occur) as references, and a carriage return as
 * `&#13;`, which a reader would otherwise turn into a line feed.
 */
export function escapeText(value: string): string {
  return xmlChars(value).replace(TEXT_SPECIAL, (c) => REFERENCE[c] as string);
}

/** An attribute value in double quotes: tabs and line breaks as references too, or a reader turns them into spaces. */
export function escapeAttribute(value: string): string {
  return xmlChars(value).replace(ATTRIBUTE_SPECIAL, (c) => REFERENCE[c] as string);
}

const ID_KEPT = /[^A-Za-z0-9.-]/g;

/**
 * A part of an xsd:ID (an NCName) made from any text, one to one: letters, digits, '.' and '-'
 * stay; every other UTF-16 unit, '_' included, becomes '_' and four hex digits. Two different
 * texts never give the same part, and requirement ids (`REQ-HR-001`, `ITT-3.2.1`) stay as written.
 */
export function idPart(value: string): string {
  return value.replace(ID_KEPT, (c) => `_${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** A dateTime without milliseconds, as the header and LAST-CHANGE attributes carry it. */
export function xmlDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Output as UTF-8 bytes, encoded 64 KB of text at a time: the export of 10,000 items is 40 MB, and
 * holding it as one string (thousands of pieces joined at the end, then encoded again to be
 * written) cost more than a third of the export's time, most of it in the garbage collector.
 */
export class XmlOut {
  private static readonly encoder = new TextEncoder();
  private pending = '';
  private readonly chunks: Uint8Array[] = [];

  /** Raw markup, already escaped. */
  raw(markup: string): void {
    this.pending += markup;
    if (this.pending.length > 65536) this.flush();
  }

  /** `<NAME a="v" …>` with the attributes escaped; undefined attributes are left out. `close` makes it `<NAME …/>`. */
  open(indent: string, name: string, attributes: Readonly<Record<string, string | undefined>> = {}, close = false): void {
    let tag = `${indent}<${name}`;
    for (const [key, value] of Object.entries(attributes)) if (value !== undefined) tag += ` ${key}="${escapeAttribute(value)}"`;
    this.raw(`${tag}${close ? '/>' : '>'}\n`);
  }

  close(indent: string, name: string): void {
    this.raw(`${indent}</${name}>\n`);
  }

  /** `<NAME>text</NAME>` on one line. */
  element(indent: string, name: string, text: string): void {
    this.raw(`${indent}<${name}>${escapeText(text)}</${name}>\n`);
  }

  /** Another writer's output, after this one's. */
  append(other: XmlOut): void {
    this.flush();
    other.flush();
    this.chunks.push(...other.chunks);
  }

  bytes(): Uint8Array {
    this.flush();
    const all = new Uint8Array(this.chunks.reduce((sum, chunk) => sum + chunk.length, 0));
    let at = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, at);
      at += chunk.length;
    }
    return all;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(XmlOut.encoder.encode(this.pending));
    this.pending = '';
  }
}
