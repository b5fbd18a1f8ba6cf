/** Whom a confirmed hit concerns, and how: the actor itself, or through people and ownership (DOMAIN.md §4). */

/** A confirmed match of a registered actor with a list entry. */
export interface ConfirmedHit {
  hitId: string;
  subject: { kind: 'organisation' | 'person'; id: string; name: string };
  /** The organisation itself, or the person's. */
  organisationId: string;
  organisationName: string;
  list: { key: string; name: string; kind: 'sanctions' | 'pep' };
  reference: string;
}

/** One ownership link: the owner (an organisation or a person) holds `percent` of the owned organisation. */
export interface OwnershipEdge {
  owner: { kind: 'organisation' | 'person'; id: string; name: string };
  owned: { id: string; name: string };
  percent: number;
}

/**
 * How an organisation is concerned by a hit:
 * - `self`: the organisation is the listed one;
 * - `person`: one of its people (official, owner, contact, miner) is;
 * - `owned_by`: a listed actor owns it, directly or through other companies;
 * - `owns`: it owns, directly or through other companies, an organisation concerned in one of the ways above.
 */
export type ExposureRelation = 'self' | 'person' | 'owned_by' | 'owns';

/**
 * A step of the path from the listed actor to the organisation concerned, and how it leads to the next step:
 * it owns the next (`owns`, with the share), is owned by it (`owned_by`, the next holds the share), or is one of
 * its people (`member`). The last step has no link.
 */
export interface PathStep {
  kind: 'organisation' | 'person';
  id: string;
  name: string;
  link: { kind: 'owns' | 'owned_by' | 'member'; percent: number | null } | null;
}

export interface Exposure {
  hitId: string;
  organisationId: string;
  relation: ExposureRelation;
  list: ConfirmedHit['list'];
  reference: string;
  /** From the listed actor to the organisation concerned. */
  path: PathStep[];
  /** For `owned_by`: the share the listed actor holds through the whole chain (the product of the steps). */
  effectivePercent: number | null;
}

/** The relations that stop an organisation from being verified or receiving material. */
export const BLOCKING_RELATIONS: readonly ExposureRelation[] = ['self', 'person', 'owned_by'];

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Every organisation a confirmed hit concerns, with the shortest path for each: the actor itself (or a person's
 * organisation), everything a listed actor owns down the ownership chain, and everything that owns one of those up
 * the chain. Cycles in the ownership graph are walked once.
 */
export function exposuresOf(hits: readonly ConfirmedHit[], edges: readonly OwnershipEdge[]): Exposure[] {
  const ownedBy = new Map<string, OwnershipEdge[]>();
  const ownersOf = new Map<string, OwnershipEdge[]>();
  for (const e of edges) {
    const key = `${e.owner.kind}:${e.owner.id}`;
    ownedBy.set(key, [...(ownedBy.get(key) ?? []), e]);
    ownersOf.set(e.owned.id, [...(ownersOf.get(e.owned.id) ?? []), e]);
  }
  const linked = (path: PathStep[], link: NonNullable<PathStep['link']>, step: Omit<PathStep, 'link'>) => [
    ...path.slice(0, -1),
    { ...path[path.length - 1], link },
    { ...step, link: null },
  ];
  const out: Exposure[] = [];
  for (const hit of hits) {
    const found = new Map<string, Exposure>();
    const add = (x: Omit<Exposure, 'hitId' | 'list' | 'reference'>) => {
      if (found.has(x.organisationId)) return false;
      found.set(x.organisationId, { hitId: hit.hitId, list: hit.list, reference: hit.reference, ...x });
      return true;
    };
    const start: PathStep = { ...hit.subject, link: null };
    if (hit.subject.kind === 'organisation') {
      add({ organisationId: hit.subject.id, relation: 'self', path: [start], effectivePercent: null });
    } else {
      add({
        organisationId: hit.organisationId,
        relation: 'person',
        path: linked(
          [start],
          { kind: 'member', percent: null },
          {
            kind: 'organisation',
            id: hit.organisationId,
            name: hit.organisationName,
          },
        ),
        effectivePercent: null,
      });
    }
    // Down: what the listed actor owns, breadth first so each organisation keeps its shortest path.
    const walked = new Set<string>(hit.subject.kind === 'organisation' ? [hit.subject.id] : []);
    let frontier: { key: string; path: PathStep[]; share: number }[] = [
      { key: `${hit.subject.kind}:${hit.subject.id}`, path: [start], share: 100 },
    ];
    while (frontier.length) {
      const next: typeof frontier = [];
      for (const f of frontier)
        for (const e of ownedBy.get(f.key) ?? []) {
          const path = linked(
            f.path,
            { kind: 'owns', percent: e.percent },
            { kind: 'organisation', ...e.owned },
          );
          const share = (f.share * e.percent) / 100;
          add({ organisationId: e.owned.id, relation: 'owned_by', path, effectivePercent: round2(share) });
          // Walked on even where already concerned another way (a listed director who also owns the company).
          if (!walked.has(e.owned.id)) {
            walked.add(e.owned.id);
            next.push({ key: `organisation:${e.owned.id}`, path, share });
          }
        }
      frontier = next;
    }
    // Up: whoever owns an organisation concerned, and so on to the top.
    let up = [...found.values()].map((c) => ({ id: c.organisationId, path: c.path }));
    while (up.length) {
      const next: typeof up = [];
      for (const u of up)
        for (const e of ownersOf.get(u.id) ?? []) {
          if (e.owner.kind !== 'organisation') continue;
          const path = linked(
            u.path,
            { kind: 'owned_by', percent: e.percent },
            {
              kind: 'organisation',
              id: e.owner.id,
              name: e.owner.name,
            },
          );
          if (add({ organisationId: e.owner.id, relation: 'owns', path, effectivePercent: null }))
            next.push({ id: e.owner.id, path });
        }
      up = next;
    }
    out.push(...found.values());
  }
  return out;
}

/** Whether an organisation's exposures stop it from being verified or receiving material. */
export function isBlocked(exposures: readonly Exposure[]): boolean {
  return exposures.some((x) => x.list.kind === 'sanctions' && BLOCKING_RELATIONS.includes(x.relation));
}

/** A path in words: "Kiungu Mutanga Gédéon (member) → Tanganyika Minerals SARL (owned 60 % by) → Bafunkwa SA". */
export function describePath(path: readonly PathStep[]): string {
  const how = (l: NonNullable<PathStep['link']>) =>
    l.kind === 'member'
      ? 'member of'
      : l.kind === 'owns'
        ? `owns ${l.percent} % of`
        : `${l.percent} % owned by`;
  return path.map((s) => (s.link ? `${s.name} (${how(s.link)})` : s.name)).join(' → ');
}
