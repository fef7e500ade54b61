import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes } from 'react-router';
import { ApiKeys } from './ApiKeys.js';
import { AuditLog } from './AuditLog.js';
import { CalendarEditor } from './CalendarEditor.js';
import { Departments } from './Departments.js';
import { DistrictLayers } from './DistrictLayers.js';
import { EmailTemplates } from './EmailTemplates.js';
import { RoutingRules } from './RoutingRules.js';
import { ServiceEdit } from './ServiceEdit.js';
import { Services } from './Services.js';
import { Templates } from './Templates.js';
import { Users } from './Users.js';
import { Webhooks } from './Webhooks.js';

// [path, label key]: the screens in the order an administrator sets up a city.
const SECTIONS: Array<[string, string]> = [
  ['services', 'console.admin.services'],
  ['templates', 'console.admin.templates'],
  ['email', 'console.cfg.nav.email'],
  ['departments', 'console.admin.departments'],
  ['routing', 'console.cfg.nav.routing'],
  ['districts', 'console.cfg.nav.districts'],
  ['users', 'console.admin.users'],
  ['calendar', 'console.admin.calendar'],
  ['keys', 'console.cfg.nav.keys'],
  ['webhooks', 'console.cfg.nav.webhooks'],
  ['audit', 'console.admin.audit'],
];

/** The admin: the city configured without a developer. Every save is audited on the server. */
export default function Admin() {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('console.admin.title')} · ${t('console.title')}`;
  }, [t]);
  return (
    <div className="admin">
      <nav aria-label={t('console.admin.title')} className="admin-nav">
        {SECTIONS.map(([path, label]) => (
          <NavLink key={path} to={`/admin/${path}`}>
            {t(label)}
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
          <Route path="email" element={<EmailTemplates />} />
          <Route path="routing" element={<RoutingRules />} />
          <Route path="districts" element={<DistrictLayers />} />
          <Route path="keys" element={<ApiKeys />} />
          <Route path="webhooks" element={<Webhooks />} />
          <Route path="audit" element={<AuditLog />} />
        </Routes>
      </div>
    </div>
  );
}
