import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReportResult } from '../api.js';
import { formatDate, useLang } from '../hooks.js';
import { StepHeading } from './StepHeading.js';

export function duration(t: (k: string, o?: Record<string, unknown>) => string, hours: number) {
  return hours >= 48 && hours % 24 === 0 ? t('duration.days', { count: hours / 24 }) : t('duration.hours', { count: hours });
}

export function Done({ result, email, photosFailed, embedded, onAnother }: { result: ReportResult; email: boolean; photosFailed: boolean; embedded: boolean; onAnother: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const s = result.service;
  const trackLink = `/track/${result.publicId}`;
  return (
    <div className="done">
      <StepHeading>{t('done.heading')}</StepHeading>
      <p className="tracking">
        {t('done.trackingId')}: <strong data-testid="tracking-id">{result.publicId}</strong>
      </p>
      <p>{t('done.keep')}</p>
      {photosFailed && (
        <p className="error" role="alert">
          {t('done.photosFailed')}
        </p>
      )}
      <h2 className="sub">{t('done.next')}</h2>
      <ul className="next">
        {s.ackWithinHours !== null && <li>{t('done.ackTarget', { duration: duration(t, s.ackWithinHours) })}</li>}
        {s.resolveWithinHours !== null && <li>{t('done.target', { duration: duration(t, s.resolveWithinHours) })}</li>}
        {result.resolveDueAt && <li>{t('done.expected', { date: formatDate(result.resolveDueAt, lang) })}</li>}
        <li>{email ? t('done.email') : t('done.noEmail')}</li>
      </ul>
      {s.notice && (
        <p className="notice" role="note">
          {s.notice}
        </p>
      )}
      <div className="actions stack">
        {embedded ? (
          <a className="button primary" href={trackLink} target="_blank" rel="noopener">
            {t('done.track')}
          </a>
        ) : (
          <Link className="button primary" to={trackLink}>
            {t('done.track')}
          </Link>
        )}
        <button type="button" className="button secondary" onClick={onAnother}>
          {t('done.another')}
        </button>
      </div>
    </div>
  );
}
