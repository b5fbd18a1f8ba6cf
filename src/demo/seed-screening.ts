import { uploadDocument } from '../services/actors/documents.ts';
import { reviewKyc } from '../services/actors/kyc-reviews.ts';
import { createLicence } from '../services/actors/licences.ts';
import { createOrganisation, getOrganisation } from '../services/actors/organisations.ts';
import { addOwner } from '../services/actors/ownership.ts';
import { createPerson } from '../services/actors/persons.ts';
import type { AuthedContext } from '../services/context.ts';
import { DEMO_EVIDENCE_PDF, DEMO_SCREENING } from './demo-world.ts';

/** The screening demo's actors (DEMO_SCREENING): a verified, licensed trader, its director and its parent group. */
export async function seedScreening(
  as: AuthedContext,
  validUntil: string,
): Promise<{ parent: string; company: string }> {
  const { parent, company, director, share } = DEMO_SCREENING;
  const address = (o: { city: string; province: string }) => [
    { line: `Avenue du Commerce, ${o.city}`, city: o.city, province: o.province, country: 'CD' },
  ];
  const group = await createOrganisation(as, {
    legalName: parent.legalName,
    chainRoles: ['depot'],
    country: 'CD',
    registrationNumbers: [{ scheme: 'rccm', number: parent.rccm }],
    addresses: address(parent),
  });
  const trader = await createOrganisation(as, {
    legalName: company.legalName,
    chainRoles: ['trader'],
    country: 'CD',
    registrationNumbers: [{ scheme: 'rccm', number: company.rccm }],
    addresses: address(company),
    operatingZones: [company.zone],
  });
  const id = trader.organisation.id;
  await createLicence(as, {
    holderOrganisationId: id,
    type: 'trader_card',
    number: 'NEG-TMN-1',
    issuer: 'Division provinciale des Mines',
    zoneCode: company.zone,
    validFrom: '2025-06-01',
    validUntil,
  });
  await createPerson(as, {
    organisationId: id,
    kind: 'official',
    fullName: director.fullName,
    position: director.position,
    birthYear: director.birthYear,
  });
  await addOwner(as, id, { ownerOrganisationId: group.organisation.id, percent: share });
  const doc = await uploadDocument(as, id, {
    kind: 'registration_certificate',
    filename: 'rccm-tanganyika-minerals.pdf',
    declaredType: 'application/pdf',
    content: DEMO_EVIDENCE_PDF,
  });
  const { version } = await getOrganisation(as, id);
  await reviewKyc(as, id, { decision: 'verified', reason: null, documentIds: [doc.id], version });
  return { parent: group.organisation.id, company: id };
}
