import { XMLBuilder } from 'fast-xml-parser';

/** One element in fast-xml-parser's ordered form: its children in order, its attributes beside them. */
export type XmlNode = { [name: string]: XmlNode[] | Record<string, string> | string } | { '#text': string };

/** An element with attributes and children (text or elements), in document order. */
export function el(
  name: string,
  attrs: Record<string, string | undefined> = {},
  ...children: (XmlNode | string)[]
): XmlNode {
  const node: Record<string, unknown> = {
    [name]: children.map((c) => (typeof c === 'string' ? { '#text': c } : c)),
  };
  const set = Object.entries(attrs).filter(([, v]) => v !== undefined);
  if (set.length) node[':@'] = Object.fromEntries(set.map(([k, v]) => [`@_${k}`, v]));
  return node as XmlNode;
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  format: true,
});

/** Writes a document (UTF-8 declaration, then the root), escaping text and attributes. */
export function xmlDocument(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build([root]) as string}`;
}
