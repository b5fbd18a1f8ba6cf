/**
 * What the EPCIS 2.0 REST binding lets a client ask of the answer's form in headers (GS1-EPCIS-Min/Max,
 * GS1-CBV-Min/Max, GS1-EPC-Format, GS1-CBV-XML-Format), judged against what this repository speaks.
 */

/** The EPCIS and CBV versions every answer is written in. */
export const EPCIS_VERSION = '2.0.0';
export const CBV_VERSION = '2.0.0';
/** The versions a captured document may be written in (EPCIS 1.2 arrives as XML). */
export const CAPTURE_VERSIONS = ['1.2.0', '2.0.0'] as const;

/** EPC forms a client may ask for; events are answered as they were captured. */
export const EPC_FORMATS_MET = ['No_Preference', 'Never_Translates'] as const;
/** CBV forms in XML answers; XML answers write CBV terms as their 1.x URNs. */
export const CBV_XML_FORMATS_MET = ['No_Preference', 'Always_URN'] as const;

export interface Unmet {
  header: string;
  message: string;
  code:
    | 'custody.epcis-version-unmet'
    | 'custody.epcis-cbv-version-unmet'
    | 'custody.epcis-epc-format-unmet'
    | 'custody.epcis-cbv-xml-format-unmet';
  params: Record<string, string>;
}

/** A dotted version as numbers (2.0 reads as 2.0.0), or null when it is not one. */
export function versionParts(v: string): number[] | null {
  const t = v.trim();
  if (!/^\d{1,4}(\.\d{1,4}){0,3}$/.test(t)) return null;
  const parts = t.split('.').map(Number);
  while (parts.length < 3) parts.push(0);
  return parts;
}

/** Compares two parsed versions: negative, zero or positive. */
export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

function withinRange(
  spoken: string,
  min: string | undefined,
  max: string | undefined,
  names: [string, string],
  code: Unmet['code'],
): Unmet | null {
  const v = versionParts(spoken) as number[];
  for (const [raw, name, bad] of [
    [min, names[0], (c: number) => c > 0],
    [max, names[1], (c: number) => c < 0],
  ] as const) {
    if (raw === undefined) continue;
    const parts = versionParts(raw);
    if (!parts || bad(compareVersions(parts, v)))
      return {
        header: name,
        message: parts
          ? `this repository answers in version ${spoken}, outside ${name}: ${raw}`
          : `${name} must be a version such as ${spoken}`,
        code,
        params: { header: name, value: raw, version: spoken },
      };
  }
  return null;
}

/** Headers of a request, by lower-case name. */
export type HeaderBag = Record<string, string | string[] | undefined>;

const one = (h: HeaderBag, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * What a request asks of the answer that cannot be met, each naming its header; none when every
 * request header is one this repository can honour. `xml` says whether the answer will be XML (the CBV
 * XML format only concerns XML).
 */
export function unmetHeaders(h: HeaderBag, opts: { xml: boolean; capture: boolean }): Unmet[] {
  const unmet: Unmet[] = [];
  const epcis = withinRange(
    EPCIS_VERSION,
    one(h, 'gs1-epcis-min'),
    one(h, 'gs1-epcis-max'),
    ['GS1-EPCIS-Min', 'GS1-EPCIS-Max'],
    'custody.epcis-version-unmet',
  );
  if (epcis) unmet.push(epcis);
  const cbv = withinRange(
    CBV_VERSION,
    one(h, 'gs1-cbv-min'),
    one(h, 'gs1-cbv-max'),
    ['GS1-CBV-Min', 'GS1-CBV-Max'],
    'custody.epcis-cbv-version-unmet',
  );
  if (cbv) unmet.push(cbv);
  // On capture, GS1-EPCIS-Version and GS1-CBV-Version say what the document is written in.
  const sent = one(h, 'gs1-epcis-version');
  if (opts.capture && sent !== undefined) {
    const parts = versionParts(sent);
    if (!parts || !CAPTURE_VERSIONS.some((v) => compareVersions(versionParts(v) as number[], parts) === 0))
      unmet.push({
        header: 'GS1-EPCIS-Version',
        message: `capture reads documents of EPCIS ${CAPTURE_VERSIONS.join(' or ')}, not ${sent}`,
        code: 'custody.epcis-version-unmet',
        params: { header: 'GS1-EPCIS-Version', value: sent, version: CAPTURE_VERSIONS.join(', ') },
      });
  }
  const sentCbv = one(h, 'gs1-cbv-version');
  if (opts.capture && sentCbv !== undefined) {
    const parts = versionParts(sentCbv);
    // CBV 2.0 keeps every term of 1.x: a document of either is read.
    if (!parts || parts[0] < 1 || parts[0] > 2)
      unmet.push({
        header: 'GS1-CBV-Version',
        message: `capture reads CBV 1.x and 2.0 terms, not CBV ${sentCbv}`,
        code: 'custody.epcis-cbv-version-unmet',
        params: { header: 'GS1-CBV-Version', value: sentCbv, version: CBV_VERSION },
      });
  }
  const epc = one(h, 'gs1-epc-format');
  if (epc !== undefined && !(EPC_FORMATS_MET as readonly string[]).includes(epc.trim()))
    unmet.push({
      header: 'GS1-EPC-Format',
      message: `events are answered with their EPCs as captured: GS1-EPC-Format ${EPC_FORMATS_MET.join(' or ')}, not ${epc}`,
      code: 'custody.epcis-epc-format-unmet',
      params: { header: 'GS1-EPC-Format', value: epc, formats: EPC_FORMATS_MET.join(', ') },
    });
  const cbvXml = one(h, 'gs1-cbv-xml-format');
  if (opts.xml && cbvXml !== undefined && !(CBV_XML_FORMATS_MET as readonly string[]).includes(cbvXml.trim()))
    unmet.push({
      header: 'GS1-CBV-XML-Format',
      message: `XML answers write CBV terms as URNs: GS1-CBV-XML-Format ${CBV_XML_FORMATS_MET.join(' or ')}, not ${cbvXml}`,
      code: 'custody.epcis-cbv-xml-format-unmet',
      params: { header: 'GS1-CBV-XML-Format', value: cbvXml, formats: CBV_XML_FORMATS_MET.join(', ') },
    });
  return unmet;
}

/** The binding's exception types (REST binding, components/responses), by HTTP status and where it arose. */
export function epcisExceptionType(
  status: number,
  place: 'capture' | 'query' | 'named-query',
): string | null {
  if (
    status === 429 ||
    status === 503 ||
    (status >= 400 && status < 500 && ![400, 401, 403, 404, 406, 409, 413, 414, 415, 422].includes(status))
  )
    return null;
  const name =
    status === 400
      ? place === 'capture'
        ? 'ValidationException'
        : place === 'named-query'
          ? 'QueryValidationException'
          : 'QueryParameterException'
      : status === 401 || status === 403
        ? 'SecurityException'
        : status === 404
          ? place === 'named-query'
            ? 'NoSuchNameException'
            : 'NoSuchResourceException'
          : status === 406
            ? 'NotAcceptableException'
            : status === 409
              ? 'ResourceAlreadyExistsException'
              : status === 413
                ? place === 'capture'
                  ? 'CaptureLimitExceededException'
                  : 'QueryTooLargeException'
                : status === 414
                  ? 'URITooLongException'
                  : status === 415
                    ? 'UnsupportedMediaTypeException'
                    : status >= 500
                      ? 'ImplementationException'
                      : status === 422
                        ? 'ValidationException'
                        : 'ImplementationException';
  return `epcisException:${name}`;
}
