import { canEditSites, canRegisterActors, canWritePrivate } from '../../domain/access/roles.ts';
import { type DuplicateCandidate, findDuplicates } from '../../domain/screening/duplicates.ts';
import { documentKey } from '../../domain/screening/matching.ts';
import { type NameKind, nameTokens } from '../../domain/screening/names.ts';
import { representativePoint, type SiteGeometry, validateSiteGeometry } from '../../domain/sites/geometry.ts';
import { organisationsLike, personsLike, sitesLike } from '../../storage/queries/screening.ts';
import type { AuthedContext } from '../context.ts';
import { forbidden } from '../errors.ts';

/** Records compared at most for one check: the words of the name and the numbers find them in SQL first. */
const CANDIDATES = 200;

/** The LIKE patterns of a name's distinctive words (four letters or more), as the database folds accents. */
const patterns = (names: readonly string[], kind: NameKind) => [
  ...new Set(
    names
      .flatMap((n) => nameTokens(n, kind))
      .filter((w) => w.length >= 4)
      .map((w) => `%${w}%`),
  ),
];

/** Organisations already registered that the one about to be registered may be: same number, or an alike name. */
export async function organisationDuplicates(
  ctx: AuthedContext,
  input: { legalName: string; tradeNames?: string[]; registrationNumbers?: { number: string }[] },
): Promise<DuplicateCandidate[]> {
  if (!canRegisterActors(ctx.principal))
    throw forbidden('only administrators and analysts register organisations', {
      code: 'screening.duplicates-forbidden',
    });
  const names = [input.legalName, ...(input.tradeNames ?? [])];
  const numbers = (input.registrationNumbers ?? []).map((n) => n.number);
  const rows = await organisationsLike(
    ctx.db,
    patterns(names, 'entity'),
    numbers.map(documentKey),
    CANDIDATES,
  );
  return findDuplicates(
    { names, numbers },
    rows.map((r) => ({ id: r.id, names: [r.legal_name, ...r.trade_names], numbers: r.numbers })),
    'entity',
    ctx.config.screeningThreshold,
  );
}

/**
 * People of an organisation the person about to be registered may be (an alike name, unless both birth years are
 * known and years apart), and anyone holding the same card.
 */
export async function personDuplicates(
  ctx: AuthedContext,
  input: { organisationId: string; fullName: string; cardNumber?: string | null; birthYear?: number | null },
): Promise<DuplicateCandidate[]> {
  if (!canWritePrivate(ctx.principal, input.organisationId))
    throw forbidden("you may not register this organisation's people", {
      code: 'screening.duplicates-forbidden',
    });
  const rows = await personsLike(
    ctx.db,
    input.organisationId,
    patterns([input.fullName], 'individual'),
    input.cardNumber ? documentKey(input.cardNumber) : null,
    CANDIDATES,
  );
  return findDuplicates(
    {
      names: [input.fullName],
      numbers: input.cardNumber ? [input.cardNumber] : [],
      birthYear: input.birthYear,
    },
    rows.map((r) => ({
      id: r.id,
      names: [r.full_name],
      numbers: r.card_number ? [r.card_number] : [],
      birthYear: r.birth_year,
    })),
    'individual',
    ctx.config.screeningThreshold,
  );
}

/** Sites the one about to be created may be: the same code, an alike name, or within the configured distance. */
export async function siteDuplicates(
  ctx: AuthedContext,
  input: { code?: string | null; name: string; geometry?: unknown },
): Promise<DuplicateCandidate[]> {
  if (!canEditSites(ctx.principal))
    throw forbidden('only administrators and analysts create sites', {
      code: 'screening.duplicates-forbidden',
    });
  const geometry =
    input.geometry && validateSiteGeometry(input.geometry).length === 0
      ? (input.geometry as SiteGeometry)
      : null;
  const point = geometry ? representativePoint(geometry) : null;
  const d = ctx.config.duplicateSiteDistanceM;
  // A box a little wider than the distance around the point, in degrees (a polygon's first position is not its centre).
  const dLat = (d + 5000) / 111_000;
  const dLon = point ? dLat / Math.max(Math.cos((point[1] * Math.PI) / 180), 0.01) : 0;
  const rows = await sitesLike(
    ctx.db,
    {
      code: input.code?.trim() || null,
      patterns: patterns([input.name], 'entity'),
      box: point ? [point[0] - dLon, point[1] - dLat, point[0] + dLon, point[1] + dLat] : null,
    },
    CANDIDATES,
  );
  return findDuplicates(
    { names: [input.name], numbers: input.code ? [input.code] : [], point },
    rows.map((r) => ({
      id: r.id,
      names: [r.name],
      numbers: [r.code],
      point: representativePoint(r.geometry as SiteGeometry),
    })),
    'entity',
    ctx.config.screeningThreshold,
    d,
  );
}
