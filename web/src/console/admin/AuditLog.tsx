import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useWhen } from '../shared.js';
import { admin } from './adminApi.js';

/** Who changed what in the admin, newest first. */
export function AuditLog() {
  const { t } = useTranslation();
  const when = useWhen();
  const log = useQuery({ queryKey: ['audit'], queryFn: admin.audit });
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('console.admin.audit')}</h1>
      <div className="table-wrap">
        <table className="queue">
          <thead>
            <tr>
              <th scope="col">{t('console.admin.when')}</th>
              <th scope="col">{t('console.admin.who')}</th>
              <th scope="col">{t('console.admin.action')}</th>
              <th scope="col">{t('console.admin.entity')}</th>
            </tr>
          </thead>
          <tbody>
            {log.data?.map((e) => (
              <tr key={e.id}>
                <td>{when(e.at)}</td>
                <td>{e.actorName ?? '—'}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{`${e.entity} ${e.entityId ?? ''}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
