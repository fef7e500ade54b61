import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { TrackForm } from '../components/TrackForm.js';

export function Home() {
  const { t } = useTranslation();
  return (
    <>
      <section className="hero">
        <h1>{t('home.heading')}</h1>
        <p>{t('home.lead')}</p>
        <Link className="button primary big" to="/report">
          {t('home.start')}
        </Link>
      </section>
      <section className="card">
        <h2>{t('home.trackHeading')}</h2>
        <TrackForm />
      </section>
      <p>
        <Link to="/nearby">{t('home.nearbyLink')}</Link>
      </p>
    </>
  );
}
