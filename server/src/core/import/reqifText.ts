/**
 * Text out of ReqIF: XML character references decoded by hand, and XHTML attribute values turned
 * into plain text. The XML parser runs with entity processing off (a DOCTYPE is refused before it
 * runs), so the five predefined entities and numeric references arrive as written and are decoded
 * here, where nothing can expand: one reference gives at most one character.
 */

const REFERENCE = /&(?:#x([0-9a-fA-F]{1,8})|#([0-9]{1,10})|(lt|gt|amp|quot|apos));/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * `text` with its character references decoded. A reference to a character XML does not allow
 * (NUL, a surrogate, a control other than tab and line breaks, beyond U+10FFFF) becomes U+FFFD; an
 * unknown named reference (`&nbsp;`, which only a DTD could define) is kept as written.
 */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (name !== undefined) return PREDEFINED[name] ?? whole;
    const code = hex !== undefined ? parseInt(hex, 16) : parseInt(decimal ?? '', 10);
    return allowedCharacter(code) ? String.fromCodePoint(code) : '\uFFFD';
  });
}

function allowedCharacter(code: number): boolean {
  if (!Number.isInteger(code) || code > 0x10ffff) return false;
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return code !== 0xfffe && code !== 0xffff;
}

/** Elements that start and end a line of their own. */
const BLOCKS = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'tr', 'thead', 'tbody', 'tfoot',
  'caption', 'blockquote', 'pre', 'address', 'hr', 'section', 'article', 'header', 'footer',
]);
const CELLS = new Set(['td', 'th']);

/** One token of XHTML: a tag, a comment, CDATA, a processing instruction, or text. */
const TOKEN = /<(\/?)([A-Za-z_][\w.:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<[?!][\s\S]*?(?:>|$)|([^<]+)|</g;

/**
 * Plain text from the raw XHTML of a ReqIF attribute value: paragraphs, list items, table rows and
 * `<br/>` become line breaks; white space inside a line collapses as a browser shows it (but not in
 * `<pre>`); list items start with '- '; markup is dropped and only its text is kept. Lines are
 * trimmed; empty lines come only from `<br/>`s (reqtrace's export writes a blank line as two), so the
 * same text comes back whatever the tool's layout.
 */
export function xhtmlToText(xhtml: string): string {
  const lines: string[] = [];
  let line = '';
  let preDepth = 0;
  /** Ends the line; a <br/> ends it even when empty (two make a blank line), a block only when it has text. */
  const endLine = (always = false): void => {
    const trimmed = preDepth > 0 ? line.replace(/ +$/, '') : line.replace(/^ +| +$/g, '');
    if (trimmed !== '' || always) lines.push(trimmed);
    line = '';
  };
  const addText = (raw: string): void => {
    const text = decodeXmlText(preDepth > 0 ? raw : raw.replace(/[ \t\r\n]+/g, ' '));
    if (preDepth > 0) {
      const parts = text.split(/\r\n?|\n/);
      for (const [index, part] of parts.entries()) {
        if (index > 0) endLine();
        line += part;
      }
    } else if (!(text === ' ' && (line === '' || line.endsWith(' ')))) {
      line += line.endsWith(' ') && text.startsWith(' ') ? text.slice(1) : text;
    }
  };
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(xhtml); match !== null; match = TOKEN.exec(xhtml)) {
    const [whole, closing, tagName, , selfClosing, cdata, text] = match;
    if (text !== undefined) {
      addText(text);
    } else if (cdata !== undefined) {
      addText(cdata.replace(/&/g, '&amp;'));
    } else if (tagName !== undefined) {
      const name = localName(tagName);
      if (name === 'br') {
        endLine(true);
      } else if (BLOCKS.has(name)) {
        endLine();
        if (name === 'pre') preDepth = Math.max(0, preDepth + (closing ? -1 : selfClosing ? 0 : 1));
        if (name === 'li' && !closing) line = '- ';
      } else if (CELLS.has(name) && !closing && line.replace(/ +$/, '') !== '' && line !== '- ') {
        line = `${line.replace(/ +$/, '')} | `;
      }
    } else if (whole === '<') {
      addText('<');
    }
  }
  endLine();
  const kept = lines.filter((entry) => entry !== '-');
  while (kept[0] === '') kept.shift();
  while (kept[kept.length - 1] === '') kept.pop();
  return kept.join('\n');
}

function localName(tag: string): string {
  const colon = tag.lastIndexOf(':');
  return (colon >= 0 ? tag.slice(colon + 1) : tag).toLowerCase();
}
