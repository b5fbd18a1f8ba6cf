import type { Requirement } from '../criteria-set.ts';

/**
 * Template for the mechanism's self-assessment, in our own words, along the areas the OECD Alignment
 * Assessment looks at: management systems, risk identification, risk response, verification, reporting,
 * and the programme's governance. Each criterion is rated fully, partially or not aligned.
 */
const c = (code: string, weight: number, topic: string, textEn: string, textFr: string, evidence: string): Requirement => ({
  code,
  tier: 'progressive',
  riskCategory: 'governance',
  topic,
  textEn,
  textFr,
  evidence,
  appliesTo: ['operator'],
  correctionMonths: null,
  horizonMonths: 12,
  weight,
});

export const OECD_ALIGNMENT = {
  key: 'oecd-alignment-self-assessment',
  name: 'OECD alignment self-assessment',
  kind: 'mechanism' as const,
  description: 'Rates the mechanism itself against the areas of an OECD Alignment Assessment, to show alignment to recognisers.',
  requirements: [
    c('MS-01', 2, 'management systems', 'A published supply-chain policy consistent with Annex II of the OECD Guidance', 'Une politique publiée de la chaîne d’approvisionnement conforme à l’annexe II du Guide de l’OCDE', 'Policy document'),
    c('MS-02', 1, 'management systems', 'Clear responsibilities and resources for due diligence inside the programme', 'Des responsabilités et moyens clairs pour le devoir de diligence au sein du programme', 'Organisation chart, budget'),
    c('MS-03', 2, 'management systems', 'A chain-of-custody or traceability system from mine to exporter', 'Un système de chaîne de traçabilité de la mine à l’exportateur', 'Custody records, mass balance reports'),
    c('MS-04', 1, 'management systems', 'Know-your-counterparty checks on every main upstream actor', 'Des contrôles de connaissance des contreparties pour chaque acteur amont principal', 'KYC files'),
    c('MS-05', 1, 'management systems', 'A grievance mechanism open to anyone, including anonymously', 'Un mécanisme de plaintes ouvert à tous, y compris de façon anonyme', 'Grievance procedure and log'),
    c('RI-01', 2, 'risk identification', 'Baseline assessments of every site before it enters the supply chain', 'Des évaluations de référence de chaque site avant son entrée dans la chaîne', 'Assessment reports'),
    c('RI-02', 2, 'risk identification', 'Continuous on-the-ground monitoring of sites by trained monitors', 'Un suivi continu des sites sur le terrain par des moniteurs formés', 'Visit records'),
    c('RI-03', 1, 'risk identification', 'Red flags on locations, suppliers and volumes are defined and checked', 'Des signaux d’alerte sur les lieux, fournisseurs et volumes sont définis et vérifiés', 'Red-flag rules and results'),
    c('RM-01', 2, 'risk response', 'Incidents are verified, recorded and followed by mitigation plans with measurable indicators', 'Les incidents sont vérifiés, enregistrés et suivis de plans d’atténuation aux indicateurs mesurables', 'Incident register, plans'),
    c('RM-02', 2, 'risk response', 'Disengagement or suspension is decided and recorded when mitigation fails or Annex II risks are found', 'La suspension ou le désengagement sont décidés et consignés lorsque l’atténuation échoue ou qu’un risque de l’annexe II est constaté', 'Decision records'),
    c('RM-03', 1, 'risk response', 'Alerts reach downstream companies exposed to a site promptly', 'Les alertes parviennent rapidement aux entreprises en aval exposées à un site', 'Alert delivery log'),
    c('AU-01', 2, 'verification', 'Independent third-party verification of the programme’s due diligence', 'Une vérification indépendante par une tierce partie du devoir de diligence du programme', 'Audit reports'),
    c('AU-02', 1, 'verification', 'Records are tamper-evident and retained at least five years', 'Les enregistrements sont infalsifiables et conservés au moins cinq ans', 'Event-log verification, retention policy'),
    c('RP-01', 2, 'reporting', 'An annual public report on due diligence, risks found and responses', 'Un rapport public annuel sur le devoir de diligence, les risques constatés et les réponses', 'Published report'),
    c('RP-02', 1, 'reporting', 'Site-level information shared with buyers and, in aggregate, with the public', 'Des informations au niveau des sites partagées avec les acheteurs et, agrégées, avec le public', 'Transparency page, buyer reports'),
    c('GV-01', 1, 'governance', 'Multi-stakeholder governance including civil society and producing-country representatives', 'Une gouvernance multipartite incluant la société civile et des représentants du pays producteur', 'Statutes, board minutes'),
    c('GV-02', 1, 'governance', 'Conflicts of interest of staff and members are declared and managed', 'Les conflits d’intérêts du personnel et des membres sont déclarés et gérés', 'Declarations register'),
    c('GV-03', 1, 'governance', 'Standards are reviewed and published with their version history', 'Les standards sont révisés et publiés avec leur historique de versions', 'Published criteria sets'),
  ],
};
