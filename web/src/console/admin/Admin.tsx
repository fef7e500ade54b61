import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes } from 'react-router';
import { AuditLog } from './AuditLog.js';
import { CalendarEditor } from './CalendarEditor.js';
import { Departments } from './Departments.js';
import { ServiceEdit } from './ServiceEdit.js';
import { Services } from './Services.js';
import { Templates } from './Templates.js';
import { Users } from './Users.js';

const SECTIONS = ['services', 'templates', 'departments', 'users', 'calendar', 'audit'] as const;

/** The admin: the city configured without a developer. Every save is audited on the server. */
export default function Admin() {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('console.admin.title')} · ${t('console.title')}`;
  }, [t]);
  return (
    <div className="admin">
      <nav aria-label={t('console.admin.title')} className="admin-nav">
        {SECTIONS.map((s) => (
          <NavLink key={s} to={`/admin/${s}`}>
            {t(`console.admin.${s}`)}
          </NavLink>
        ))}
      </nav>
      <div className="admin-body">
        <Routes>
          <Route index element={<Services />} />
          <Route path="services" element={<Services />} />
          <Route path="services/new" element={<ServiceEdit />} />
          <Route path="services/:code" element={<ServiceEdit />} />
          <Route path="templates" element={<Templates />} />
          <Route path="departments" element={<Departments />} />
          <Route path="users" element={<Users />} />
          <Route path="calendar" element={<CalendarEditor />} />
          <Route path="audit" element={<AuditLog />} />
        </Routes>
      </div>
    </div>
  );
}
