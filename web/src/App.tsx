import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Route, Routes, useLocation } from 'react-router';
import { LanguageSwitch } from './components/LanguageSwitch.js';
import { EmbeddedContext } from './components/StepHeading.js';
import { useOnline } from './draft.js';
import { useAccount, useConfig } from './hooks.js';
import { Home } from './pages/Home.js';
import { Report } from './pages/Report.js';

const Track = lazy(() => import('./pages/Track.js'));
const Nearby = lazy(() => import('./pages/Nearby.js'));
const Privacy = lazy(() => import('./pages/Privacy.js'));
const Account = lazy(() => import('./pages/Account.js'));
const Performance = lazy(() => import('./pages/Performance.js'));
const Survey = lazy(() => import('./pages/Survey.js'));
// The staff console and admin load only when a staff page is opened (the portal's bundle stays small).
const ConsoleApp = lazy(() => import('./console/ConsoleApp.js'));

export function App() {
  const { pathname } = useLocation();
  if (pathname.startsWith('/embed')) return <EmbedShell />;
  if (/^\/(console|admin)(\/|$)/.test(pathname)) {
    return (
      <Suspense fallback={null}>
        <ConsoleApp />
      </Suspense>
    );
  }
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/report" element={<Report />} />
        <Route path="/track" element={<Track />} />
        <Route path="/track/:publicId" element={<Track />} />
        <Route path="/nearby" element={<Nearby />} />
        <Route path="/privacy" element={<Privacy />} />
        <Route path="/account" element={<Account />} />
        <Route path="/performance" element={<Performance />} />
        <Route path="/survey/:token" element={<Survey />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Shell>
  );
}

function useTitle() {
  const { t } = useTranslation();
  const city = useConfig().data?.city.name ?? 'CivicDesk';
  return t('app.title', { city });
}

function Shell({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  const title = useTitle();
  const online = useOnline();
  const signedIn = useAccount().data?.signedIn === true;
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  useEffect(() => {
    document.title = title;
  }, [title]);
  // Move focus to the new page's content on navigation, as a screen reader user expects.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="site-header">
        <div className="bar">
          <Link to="/" className="brand">
            <svg aria-hidden="true" className="logo" viewBox="0 0 24 24" width="26" height="26">
              <path fill="currentColor" d="M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7Zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5Z" />
            </svg>
            {title}
          </Link>
          <LanguageSwitch />
        </div>
        <nav aria-label={t('app.nav.label')} className="nav">
          <NavLink to="/report">{t('app.nav.report')}</NavLink>
          <NavLink to="/track">{t('app.nav.track')}</NavLink>
          <NavLink to="/nearby">{t('app.nav.nearby')}</NavLink>
          <NavLink to="/performance">{t('app.nav.performance')}</NavLink>
          <NavLink to="/account">{signedIn ? t('app.myRequests') : t('app.signIn')}</NavLink>
        </nav>
      </header>
      {!online && (
        <p className="offline" role="status">
          {t('app.offline')}
        </p>
      )}
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<p>{t('app.loading')}</p>}>{children}</Suspense>
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
        <p>
          <Link to="/privacy">{t('app.privacy')}</Link>
        </p>
      </footer>
    </>
  );
}

function EmbedShell() {
  const { t } = useTranslation();
  const city = useConfig().data?.city.name ?? 'CivicDesk';
  useEffect(() => {
    document.title = t('embed.title', { city });
  }, [t, city]);
  return (
    <div className="embed">
      <header className="embed-header">
        <h1 className="embed-title">{t('embed.title', { city })}</h1>
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1}>
        <EmbeddedContext.Provider value={true}>
          <Report embedded />
        </EmbeddedContext.Provider>
      </main>
      <footer className="site-footer">
        <a href="/" target="_blank" rel="noopener">
          {t('embed.openFull')}
        </a>
      </footer>
    </div>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('app.notFound')}</h1>
      <p>
        <Link to="/">{t('app.nav.report')}</Link>
      </p>
    </section>
  );
}
