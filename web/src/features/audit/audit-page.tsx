import { usePrincipal } from '../access/session.ts';
import { AuditAdmin } from './audit-admin.tsx';
import { AuditorHome } from './auditor-home.tsx';

/** The audit area: an auditor's own landing page, or the administrator's page of auditors' access and reads. */
export function AuditPage() {
  return usePrincipal().role === 'auditor' ? <AuditorHome /> : <AuditAdmin />;
}
