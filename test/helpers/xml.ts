/**
 * A strict check that a text is well-formed XML 1.0 (what Excel needs of every part of a workbook
 * before it opens it without a repair prompt): one root element, tags nested and closed, names and
 * attributes well formed, no attribute twice, only the five predefined entities or character
 * references, no character XML forbids. Returns the problems found (none: well-formed). Written for
 * the tests, independent of the library that writes the files.
 */
const NAME = /^[A-Za-z_:][A-Za-z0-9._:-]*$/;
const REFERENCE = /&(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/g;
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function badText(text: string): string | null {
  if (FORBIDDEN.test(text)) return 'a character XML forbids';
  if (text.replace(REFERENCE, '').includes('&')) return 'a bare & or an unknown entity';
  return null;
}

export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  let i = xml.startsWith('\uFEFF') ? 1 : 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (text.trim() !== '') {
      if (stack.length === 0) problems.push(`text outside the root: ${JSON.stringify(text.slice(0, 20))}`);
      const bad = badText(text);
      if (bad) problems.push(`${bad} in text near ${JSON.stringify(text.slice(0, 30))}`);
      if (text.includes('>') && text.includes(']]>')) problems.push(']]> in text');
    }
    if (lt === -1) break;
    if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt);
      if (end === -1) return [...problems, 'unclosed processing instruction'];
      i = end + 2;
      continue;
    }
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt);
      if (end === -1) return [...problems, 'unclosed comment'];
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt);
      if (end === -1) return [...problems, 'unclosed CDATA'];
      if (stack.length === 0) problems.push('CDATA outside the root');
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<!', lt)) return [...problems, 'a DOCTYPE or declaration (not expected in OOXML)'];
    const gt = xml.indexOf('>', lt);
    if (gt === -1) return [...problems, 'unclosed tag'];
    const tag = xml.slice(lt + 1, gt);
    if (tag.includes('<')) problems.push(`< inside a tag: ${tag.slice(0, 40)}`);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = /^\S+/.exec(body)?.[0] ?? '';
    if (!NAME.test(name)) problems.push(`bad element name ${JSON.stringify(name)}`);
    const attrs = body.slice(name.length);
    const seen = new Set<string>();
    const attrRe = /\s+([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/gy;
    let at = 0;
    for (;;) {
      attrRe.lastIndex = at;
      const m = attrRe.exec(attrs);
      if (m === null) break;
      const attrName = m[1] as string;
      if (!NAME.test(attrName)) problems.push(`bad attribute name ${attrName} on <${name}>`);
      if (seen.has(attrName)) problems.push(`attribute ${attrName} twice on <${name}>`);
      seen.add(attrName);
      const value = m[3] ?? m[4] ?? '';
      const bad = badText(value) ?? (value.includes('<') ? 'a < in an attribute' : null);
      if (bad) problems.push(`${bad} in ${name}@${attrName}`);
      at = attrRe.lastIndex;
    }
    if (attrs.slice(at).trim() !== '') problems.push(`unparsed attributes on <${name}>: ${attrs.slice(at, at + 30)}`);
    if (stack.length === 0) roots++;
    if (!selfClosing) stack.push(name);
  }
  if (stack.length > 0) problems.push(`unclosed elements: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
