import type { Principal } from '../domain/access/roles.ts';
import type { Rating } from '../domain/assessments/ratings.ts';
import { AMANA_ASM_BASELINE } from '../domain/criteria/templates/amana-asm-baseline.ts';
import { OECD_ALIGNMENT } from '../domain/criteria/templates/oecd-alignment.ts';
import {
  approveAssessment,
  createAssessment,
  rateRequirements,
  submitAssessment,
} from '../services/assessments/assessments.ts';
import type { ServiceContext } from '../services/context.ts';

/** Demo assessments giving sites every colour, each with its reason on record. */
const SITE_ASSESSMENTS: {
  site: string;
  ratings: Record<string, Rating>;
  notes: Record<string, string>;
  approve: boolean;
}[] = [
  { site: 'KZI-001', ratings: { 'ENV-03': 'partially_met', 'GEN-03': 'not_met' }, notes: {}, approve: true },
  {
    site: 'KZI-003',
    ratings: { 'CL-01': 'not_met', 'OHS-01': 'partially_met' },
    notes: { 'CL-01': 'Cinq enfants de 12 à 15 ans observés au lavage du minerai le jour de la visite.' },
    approve: true,
  },
  {
    site: 'KZI-005',
    ratings: { 'OHS-01': 'partially_met', 'OHS-02': 'not_met', 'ENV-01': 'not_met' },
    notes: { 'OHS-02': 'Trois puits de plus de 5 m sans boisage.' },
    approve: true,
  },
  {
    site: 'KZI-007',
    ratings: { 'SF-01': 'not_met', 'TX-01': 'partially_met' },
    notes: {
      'SF-01': "Des militaires perçoivent un 'droit de passage' sur chaque sac à la barrière d'accès.",
    },
    approve: true,
  },
  { site: 'LKS-001', ratings: {}, notes: {}, approve: true },
  { site: 'LKS-003', ratings: { 'LG-04': 'not_met' }, notes: {}, approve: true },
  { site: 'LKS-002', ratings: { 'OHS-04': 'partially_met' }, notes: {}, approve: false },
];

export async function seedAssessments(
  ctx: ServiceContext,
  people: { assessor: Principal; analyst: Principal },
  siteIds: Map<string, string>,
  operatorId: string,
) {
  const asAssessor = { ...ctx, principal: people.assessor };
  const asAnalyst = { ...ctx, principal: people.analyst };
  const setId = async (key: string) =>
    (
      await ctx.db.query<{ id: string }>(
        "SELECT id FROM criteria_sets WHERE key = $1 AND status = 'published' ORDER BY version DESC",
        [key],
      )
    ).rows[0].id;
  const baseline = await setId(AMANA_ASM_BASELINE.key);

  for (const a of SITE_ASSESSMENTS) {
    const { assessment } = await createAssessment(asAssessor, {
      setId: baseline,
      siteId: siteIds.get(a.site)!,
      kind: 'baseline',
    });
    await rateRequirements(
      asAssessor,
      assessment.id,
      AMANA_ASM_BASELINE.requirements.map((r) => ({
        code: r.code,
        rating: a.ratings[r.code] ?? 'met',
        notes: a.notes[r.code],
      })),
    );
    await submitAssessment(asAssessor, assessment.id, assessment.revision + 1);
    if (a.approve) await approveAssessment(asAnalyst, assessment.id);
  }

  const mechanism = await setId(OECD_ALIGNMENT.key);
  const { assessment } = await createAssessment(asAssessor, {
    setId: mechanism,
    organisationId: operatorId,
    kind: 'self',
  });
  const partial = new Set(['AU-01', 'RP-01', 'GV-01', 'RM-03']);
  await rateRequirements(
    asAssessor,
    assessment.id,
    OECD_ALIGNMENT.requirements.map((c) => ({
      code: c.code,
      rating:
        c.code === 'AU-01' ? 'not_aligned' : partial.has(c.code) ? 'partially_aligned' : 'fully_aligned',
    })),
  );
  await submitAssessment(asAssessor, assessment.id, assessment.revision + 1);
  await approveAssessment(asAnalyst, assessment.id);
}
