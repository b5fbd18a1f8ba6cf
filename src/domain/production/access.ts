import { canReadAllPrivate, canRegisterActors, type Principal } from '../access/roles.ts';

/**
 * Whose deliveries, volumes and payments a caller reads (decision 0039): registry staff and the regulator all of
 * them; a cooperative its own sales; a buyer what it bought; nobody else any.
 */
export function productionScope(
  p: Principal,
): { all: true } | { cooperativeId: string } | { buyerId: string } | null {
  if (canReadAllPrivate(p)) return { all: true };
  if (p.role === 'cooperative_manager') return { cooperativeId: p.organisationId };
  if (p.role === 'buyer') return { buyerId: p.organisationId };
  return null;
}

/** Whether the caller may set a price of this kind: the state buyer sets the floor; registry keepers set either. */
export function canSetPrice(
  p: Principal,
  kind: 'floor' | 'market',
  organisationRoles: readonly string[],
): boolean {
  if (canRegisterActors(p)) return true;
  return kind === 'floor' && p.role !== 'auditor' && organisationRoles.includes('state_buyer');
}

/** Whether the caller may record a payment against a delivery its organisation received (or keeps the registry). */
export function canRecordPayment(p: Principal, buyerId: string): boolean {
  return canRegisterActors(p) || (p.organisationId === buyerId && (p.role === 'buyer' || p.role === 'admin'));
}

/**
 * Whose export flows a caller reads (decision 0058): registry staff and the regulator every shipment leaving the
 * country; a buyer or a downstream company those it shipped or received; nobody else any.
 */
export function exportFlowScope(p: Principal): { all: true } | { organisationId: string } | null {
  if (canReadAllPrivate(p)) return { all: true };
  if (p.role === 'buyer' || p.role === 'downstream') return { organisationId: p.organisationId };
  return null;
}
