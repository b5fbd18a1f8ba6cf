/**
 * A lot's origin statement as a W3C Verifiable Credential (Data Model 2.0): the lot, its latest shipment, the share
 * of its cobalt by site with each site's state at production, and its non-conforming share, issued by the instance
 * (decision 0037). Securing it (a JWS over these bytes) is the service's; this is only what it says.
 */

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const STATEMENT_TYPE = 'AmanaOriginStatement';

export interface StatementLot {
  epc: string;
  tag: string | null;
  kind: string;
  mineral: string;
  producedAt: string;
  massKg: number;
  gradePct: number;
  containedKg: number;
  nonConformingShare: number;
}

export interface StatementSite {
  code: string;
  name: string;
  share: number;
  containedKg: number;
  atProduction: { status: string; suspended: boolean; openLevel1: string[]; share: number }[];
}

export interface StatementShipment {
  from: string;
  to: string;
  shippedAt: string;
  transaction: { type: string; ref: string } | null;
}

export interface OriginCredential {
  '@context': string[];
  type: string[];
  issuer: string;
  validFrom: string;
  credentialSubject: {
    id: string;
    lot: Omit<StatementLot, 'epc'>;
    shipment: StatementShipment | null;
    nonConformingShare: number;
    composition: StatementSite[];
  };
}

/** The issuer of an instance's statements: its sealing key's id, so the key that verifies them is named. */
export const issuerOf = (keyId: string) => `urn:amana:instance:${keyId}`;

/** The credential stating a lot's origin at an instant. */
export function originCredential(
  lot: StatementLot,
  sites: readonly StatementSite[],
  shipment: StatementShipment | null,
  keyId: string,
  at: Date,
): OriginCredential {
  const { epc, ...rest } = lot;
  return {
    '@context': [VC_CONTEXT],
    type: ['VerifiableCredential', STATEMENT_TYPE],
    issuer: issuerOf(keyId),
    validFrom: at.toISOString(),
    credentialSubject: {
      id: epc,
      lot: rest,
      shipment,
      nonConformingShare: lot.nonConformingShare,
      composition: [...sites],
    },
  };
}

/** What is wrong with a credential's shape for an origin statement, or null when it is one. */
export function statementShapeProblem(c: unknown): string | null {
  if (typeof c !== 'object' || c === null) return 'the payload is not a JSON object';
  const v = c as Partial<OriginCredential>;
  if (!Array.isArray(v['@context']) || v['@context'][0] !== VC_CONTEXT)
    return `the credential's first @context is not ${VC_CONTEXT}`;
  if (!Array.isArray(v.type) || !v.type.includes('VerifiableCredential') || !v.type.includes(STATEMENT_TYPE))
    return `the credential is not a VerifiableCredential of type ${STATEMENT_TYPE}`;
  if (typeof v.issuer !== 'string' || !v.issuer.startsWith('urn:amana:instance:'))
    return 'the credential names no Amana instance as issuer';
  const s = v.credentialSubject;
  if (
    !s ||
    typeof s.id !== 'string' ||
    !Array.isArray(s.composition) ||
    typeof s.nonConformingShare !== 'number'
  )
    return 'the credential subject is not a lot with its composition';
  return null;
}
