// The XML binding's bytes: parsed into a tree with its namespaces resolved, and written from one, with
// fast-xml-parser (decision 0023). What the elements mean is the domain's (xml-binding.ts).
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { XmlAttribute, XmlElement, XmlNode, XmlOut } from '../../domain/custody/epcis/xml-binding.ts';
import type { Coded } from '../errors.ts';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
});

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  suppressEmptyNode: true,
  format: false,
});

/** Why XML bytes cannot be read: what the reader is told. */
export interface XmlProblem extends Coded {
  message: string;
}

type Ordered = Record<string, unknown>;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

const split = (qname: string) => {
  const i = qname.indexOf(':');
  return i < 0 ? { prefix: '', local: qname } : { prefix: qname.slice(0, i), local: qname.slice(i + 1) };
};

/** One node of fast-xml-parser's ordered output as an element with resolved namespaces. */
function element(node: Ordered, parentScope: Readonly<Record<string, string>>): XmlElement | string | null {
  const name = Object.keys(node).find((k) => k !== ':@');
  if (name === undefined) return null;
  if (name === '#text') return String(node[name]);
  if (name.startsWith('?') || name.startsWith('!')) return null;
  const raw = (node[':@'] ?? {}) as Record<string, string>;
  let scope = parentScope;
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'xmlns') scope = { ...scope, '': v };
    else if (k.startsWith('xmlns:')) scope = { ...scope, [k.slice(6)]: v };
  }
  const resolve = (prefix: string, isAttribute: boolean) => {
    if (prefix === 'xml') return XML_NS;
    if (prefix === '') return isAttribute ? '' : (scope[''] ?? '');
    const ns = scope[prefix];
    if (ns === undefined) throw new UnboundPrefix(prefix);
    return ns;
  };
  const attributes: XmlAttribute[] = Object.entries(raw)
    .filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:'))
    .map(([k, v]) => {
      const { prefix, local } = split(k);
      return { ns: resolve(prefix, true), prefix, local, value: String(v) };
    });
  const { prefix, local } = split(name);
  const children: XmlNode[] = [];
  for (const c of (node[name] ?? []) as Ordered[]) {
    const e = element(c, scope);
    if (e !== null) children.push(e);
  }
  return { ns: resolve(prefix, false), prefix, local, attributes, children, scope };
}

class UnboundPrefix extends Error {
  readonly prefix: string;
  constructor(prefix: string) {
    super(`the prefix ${prefix} is not declared`);
    this.prefix = prefix;
  }
}

/**
 * The root element of an XML document, its namespaces resolved; or why it is not well-formed XML. A
 * document type declaration is refused (no entity of the sender's is ever expanded).
 */
export function parseXml(text: string): { root: XmlElement } | { problem: XmlProblem } {
  // A bare <!DOCTYPE name> is harmless; declarations inside one (entities above all) are never read.
  if (/<!DOCTYPE[^>]*\[|<!ENTITY/i.test(text))
    return {
      problem: {
        message: 'an EPCIS XML document declares no entities (<!DOCTYPE … [ … ]>, <!ENTITY …>); remove them',
        code: 'custody.epcis-xml-doctype',
      },
    };
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    return {
      problem: {
        message: `not well-formed XML, line ${valid.err.line} column ${valid.err.col}: ${valid.err.msg}`,
        code: 'custody.epcis-xml-malformed',
        params: { line: valid.err.line, column: valid.err.col },
      },
    };
  try {
    const nodes = parser.parse(text) as Ordered[];
    const roots = nodes
      .map((n) => element(n, {}))
      .filter((e): e is XmlElement => !!e && typeof e !== 'string');
    if (roots.length !== 1)
      return {
        problem: {
          message: 'an XML document has exactly one root element',
          code: 'custody.epcis-xml-malformed',
          params: { line: 1, column: 1 },
        },
      };
    return { root: roots[0] };
  } catch (error) {
    if (error instanceof UnboundPrefix)
      return {
        problem: {
          message: `the namespace prefix ${error.prefix} is used but not declared`,
          code: 'custody.epcis-xml-prefix',
          params: { prefix: error.prefix },
        },
      };
    // Nesting too deep for the parser is not a document anyone sends.
    return {
      problem: {
        message: `the XML document cannot be read: ${(error as Error).message}`,
        code: 'custody.epcis-xml-malformed',
        params: { line: 1, column: 1 },
      },
    };
  }
}

function ordered(e: XmlOut | string): Ordered {
  if (typeof e === 'string') return { '#text': e };
  const node: Ordered = { [e.name]: (e.children ?? []).map(ordered) };
  if (e.attributes && Object.keys(e.attributes).length) node[':@'] = e.attributes;
  return node;
}

/** An element tree as an XML document's text, with its declaration. */
export function buildXml(root: XmlOut): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build([ordered(root)])}`;
}
