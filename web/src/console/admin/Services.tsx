import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDirectory } from '../shared.js';
import { admin } from './adminApi.js';

export function Services() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['admin-services'], queryFn: admin.services });
  const dir = useDirectory();
  return (
    <section aria-labelledby="services-title">
      <div className="title-row">
        <h1 id="services-title">{t('console.admin.services')}</h1>
        <Link className="button primary" to="/admin/services/new">
          {t('console.admin.newService')}
        </Link>
      </div>
      <div className="table-wrap">
        <table className="queue">
          <thead>
            <tr>
              <th scope="col">{t('console.admin.name')}</th>
              <th scope="col">{t('console.admin.code')}</th>
              <th scope="col">{t('console.admin.group')}</th>
              <th scope="col" className="wide">
                {t('console.admin.department')}
              </th>
              <th scope="col">{t('console.admin.questions')}</th>
              <th scope="col">{t('console.admin.active')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.map((s) => (
              <tr key={s.code}>
                <td>
                  <Link to={`/admin/services/${s.code}`}>{s.name}</Link>
                </td>
                <td>
                  <code>{s.code}</code>
                </td>
                <td>{s.group}</td>
                <td className="wide">{dir.data?.departments.find((d) => d.id === s.departmentId)?.name}</td>
                <td>{s.questions.length}</td>
                <td>{s.active ? '✓' : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
