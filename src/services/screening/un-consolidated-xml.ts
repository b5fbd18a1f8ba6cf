import { SaxesParser } from 'saxes';
import {
  type BirthDate,
  cleanText,
  type IdentityDocument,
  type ListEntry,
  type Place,
} from '../../domain/screening/list-entry.ts';
import { invalid, ServiceError } from '../errors.ts';

/** An element of one record, as read: its name, text and children. */
interface Node {
  name: string;
  text: string;
  children: Node[];
}

const child = (n: Node, name: string) => n.children.find((c) => c.name === name);
const text = (n: Node | undefined, name: string) => cleanText(n ? child(n, name)?.text : null);
const all = (n: Node, name: string) => n.children.filter((c) => c.name === name);
const values = (n: Node, name: string) =>
  all(n, name)
    .flatMap((c) => all(c, 'VALUE'))
    .map((v) => cleanText(v.text))
    .filter((v): v is string => v !== null);
const year = (n: Node, name: string) => {
  const t = text(n, name);
  return t && /^\d{4}$/.test(t) ? Number(t) : null;
};
const isEmpty = (o: object) => Object.values(o).every((v) => v === null);

function place(n: Node): Place {
  return {
    street: text(n, 'STREET'),
    city: text(n, 'CITY'),
    stateProvince: text(n, 'STATE_PROVINCE'),
    zipCode: text(n, 'ZIP_CODE'),
    country: text(n, 'COUNTRY'),
    note: text(n, 'NOTE'),
  };
}

function birthDate(n: Node): BirthDate {
  return {
    type: text(n, 'TYPE_OF_DATE'),
    date: text(n, 'DATE'),
    year: year(n, 'YEAR'),
    fromYear: year(n, 'FROM_YEAR'),
    toYear: year(n, 'TO_YEAR'),
    note: text(n, 'NOTE'),
  };
}

function document(n: Node): IdentityDocument {
  return {
    type: text(n, 'TYPE_OF_DOCUMENT'),
    number: text(n, 'NUMBER'),
    issuingCountry: text(n, 'ISSUING_COUNTRY') ?? text(n, 'COUNTRY_OF_ISSUE'),
    dateOfIssue: text(n, 'DATE_OF_ISSUE'),
    cityOfIssue: text(n, 'CITY_OF_ISSUE'),
    note: text(n, 'NOTE') ?? text(n, 'TYPE_OF_DOCUMENT2'),
  };
}

/** One INDIVIDUAL or ENTITY element as a list entry; null when it has no reference number or name. */
function entryOf(n: Node): ListEntry | null {
  const individual = n.name === 'INDIVIDUAL';
  const prefix = individual ? 'INDIVIDUAL' : 'ENTITY';
  const nameParts = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME']
    .map((p) => text(n, p))
    .filter((p): p is string => p !== null);
  const reference = text(n, 'REFERENCE_NUMBER');
  if (!reference || !nameParts.length) return null;
  return {
    reference,
    kind: individual ? 'individual' : 'entity',
    name: nameParts.join(' '),
    nameParts: individual ? nameParts : [],
    nameOriginalScript: text(n, 'NAME_ORIGINAL_SCRIPT'),
    aliases: all(n, `${prefix}_ALIAS`)
      .map((a) => ({ name: text(a, 'ALIAS_NAME'), quality: text(a, 'QUALITY'), note: text(a, 'NOTE') }))
      .filter((a): a is { name: string; quality: string | null; note: string | null } => a.name !== null),
    titles: values(n, 'TITLE'),
    designations: values(n, 'DESIGNATION'),
    nationalities: values(n, 'NATIONALITY'),
    birthDates: all(n, 'INDIVIDUAL_DATE_OF_BIRTH')
      .map(birthDate)
      .filter((d) => !isEmpty(d)),
    birthPlaces: all(n, 'INDIVIDUAL_PLACE_OF_BIRTH')
      .map(place)
      .filter((p) => !isEmpty(p)),
    documents: all(n, 'INDIVIDUAL_DOCUMENT')
      .map(document)
      .filter((d) => !isEmpty(d)),
    addresses: all(n, `${prefix}_ADDRESS`)
      .map(place)
      .filter((p) => !isEmpty(p)),
    gender: text(n, 'GENDER'),
    program: text(n, 'UN_LIST_TYPE'),
    listedOn: text(n, 'LISTED_ON'),
    lastUpdated: values(n, 'LAST_DAY_UPDATED'),
    comments: text(n, 'COMMENTS1'),
  };
}

export interface UnListRead {
  /** The list's dateGenerated, ISO 8601 as published. */
  generatedAt: string | null;
  entries: ListEntry[];
}

const malformed = (reason: string, line: number, column: number) =>
  invalid(
    [
      {
        path: 'file',
        message: `${reason} (line ${line}, column ${column})`,
        code: 'screening.xml-malformed',
        params: { line, column },
      },
    ],
    'the file is not well-formed XML',
    { code: 'screening.xml-malformed', params: { line, column } },
  );

/**
 * Reads the UN Security Council consolidated list (XML as the UN publishes it, CONSOLIDATED_LIST with INDIVIDUALS
 * and ENTITIES) chunk by chunk, so a file is never held as one string. At most `maxEntries` entries are kept;
 * beyond, the file is refused as too large.
 */
export async function readUnConsolidated(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  maxEntries: number,
): Promise<UnListRead> {
  const parser = new SaxesParser({ position: true });
  const entries: ListEntry[] = [];
  let generatedAt: string | null = null;
  let root: string | null = null;
  let depth = 0;
  let failure: Error | null = null;
  const stack: Node[] = [];
  parser.on('error', (e) => {
    failure ??= malformed(e.message.replace(/^.*?:\d+:\d+: /, ''), parser.line, parser.column);
  });
  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 1) {
      root = tag.name;
      if (tag.name !== 'CONSOLIDATED_LIST') {
        failure ??= invalid(
          [
            {
              path: 'file',
              message: `the root element is ${tag.name}, not CONSOLIDATED_LIST`,
              code: 'screening.not-un-list',
            },
          ],
          'this XML is not the UN consolidated list',
          { code: 'screening.not-un-list' },
        );
      }
      const generated = tag.attributes.dateGenerated;
      generatedAt = typeof generated === 'string' ? generated : null;
      return;
    }
    if (stack.length || (depth === 3 && (tag.name === 'INDIVIDUAL' || tag.name === 'ENTITY'))) {
      const node: Node = { name: tag.name, text: '', children: [] };
      stack.at(-1)?.children.push(node);
      stack.push(node);
    }
  });
  parser.on('text', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    depth--;
    const node = stack.pop();
    if (node && stack.length === 0) {
      const entry = entryOf(node);
      if (entry) {
        if (entries.length >= maxEntries) {
          failure ??= new ServiceError('too_large', `the list holds more than ${maxEntries} entries`, [], {
            code: 'screening.too-many-entries',
            params: { limit: maxEntries },
          });
        } else entries.push(entry);
      }
    }
  });
  // A chunk may end inside a character: the decoder keeps its first bytes for the next one.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (chunk: Buffer | string, stream: boolean) => {
    try {
      return typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream });
    } catch {
      throw malformed('the file is not UTF-8 text', parser.line, parser.column);
    }
  };
  for await (const chunk of chunks) {
    parser.write(decode(chunk, true));
    if (failure) throw failure;
  }
  parser.write(decode(Buffer.alloc(0), false));
  parser.close();
  if (failure) throw failure;
  if (root === null)
    throw invalid(
      [{ path: 'file', message: 'the file holds no XML element', code: 'screening.not-un-list' }],
      'this XML is not the UN consolidated list',
      {
        code: 'screening.not-un-list',
      },
    );
  return { generatedAt, entries };
}
