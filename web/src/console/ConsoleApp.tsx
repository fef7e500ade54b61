import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { setCsrf, staff, StaffApiError, type Me } from './api.js';
import './console.css';
import './locales.js';
import './locales-config.js';
import { Queue } from './Queue.js';

const RequestDetail = lazy(() => import('./RequestDetail.js'));
const Intake = lazy(() => import('./Intake.js'));
const Admin = lazy(() => import('./admin/Admin.js'));
const Reports = lazy(() => import('./reports/Reports.js'));

export const MeContext = { current: null as Me['user'] | null };

/** The staff console and the admin: signed-in staff only, each page by role. */
export default function ConsoleApp() {
  const { t } = useTranslation();
  const me = useQuery({ queryKey: ['me'], queryFn: staff.me, retry: false, staleTime: Infinity });
  if (me.data) {
    setCsrf(me.data.csrfToken);
    MeContext.current = me.data.user;
  }
  if (me.isPending) return <p className="console-loading">{t('console.loading')}</p>;
  if (!me.data) return <SignIn />;
  return <Shell me={me.data.user} />;
}

function Shell({ me }: { me: Me['user'] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);
  const signOut = useMutation({
    mutationFn: staff.logout,
    onSettled: () => {
      qc.clear();
      void qc.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const isAdmin = me.role === 'admin';
  const canTake = me.role !== 'read_only';
  // reports.read: everyone but call-takers and field crews (department staff see their own departments).
  const canReport = me.role !== 'call_taker' && me.role !== 'field';
  return (
    <div className="console">
      <a className="skip" href="#main">
        {t('console.skip')}
      </a>
      <header className="console-header no-print">
        <Link to="/console" className="brand">
          <span aria-hidden="true" className="logo">
            311
          </span>
          {t('console.title')}
        </Link>
        <nav aria-label={t('console.nav.label')} className="console-nav">
          <NavLink to="/console" end>
            {t('console.nav.queue')}
          </NavLink>
          {canTake && <NavLink to="/console/intake">{t('console.nav.intake')}</NavLink>}
          {canReport && <NavLink to="/console/reports">{t('console.nav.reports')}</NavLink>}
          {isAdmin && <NavLink to="/admin">{t('console.nav.admin')}</NavLink>}
        </nav>
        <div className="console-user">
          <span className="who">{me.name}</span>
          <LanguageSwitch />
          <button type="button" className="button small light" onClick={() => signOut.mutate()}>
            {t('console.nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="console-main">
        <Suspense fallback={<p>{t('console.loading')}</p>}>
          <Routes>
            <Route path="/console" element={<Queue me={me} />} />
            <Route path="/console/intake" element={canTake ? <Intake /> : <Forbidden />} />
            <Route path="/console/requests/:id" element={<RequestDetail me={me} />} />
            <Route path="/console/reports/*" element={canReport ? <Reports me={me} /> : <Forbidden />} />
            <Route path="/admin/*" element={isAdmin ? <Admin /> : <Forbidden />} />
            <Route path="*" element={<Navigate to="/console" replace />} />
          </Routes>
        </Suspense>
      </main>
    </div>
  );
}

function Forbidden() {
  const { t } = useTranslation();
  return <p role="alert">{t('console.signIn.forbidden')}</p>;
}

function SignIn() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => staff.login(email, password),
    onSuccess: (me) => {
      setCsrf(me.csrfToken);
      qc.setQueryData(['me'], me);
    },
  });
  useEffect(() => {
    document.title = t('console.signIn.title');
  }, [t]);
  return (
    <div className="console">
      <header className="console-header">
        <span className="brand">
          <span aria-hidden="true" className="logo">
            311
          </span>
          {t('console.title')}
        </span>
        <LanguageSwitch />
      </header>
      <main id="main" className="console-main narrow">
        <h1>{t('console.signIn.title')}</h1>
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault();
            login.mutate();
          }}
        >
          <div className="field">
            <label htmlFor="signin-email">{t('console.signIn.email')}</label>
            <input id="signin-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="signin-password">{t('console.signIn.password')}</label>
            <input id="signin-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          {login.error && (
            <p className="error" role="alert">
              {t('console.signIn.failed', { message: (login.error as StaffApiError).message })}
            </p>
          )}
          <button type="submit" className="button primary" disabled={login.isPending}>
            {t('console.signIn.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
