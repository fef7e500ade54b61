import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type ReportResult, type Service } from '../api.js';
import { tokens } from '../draft.js';
import type { StepProps } from '../pages/Report.js';
import { dataUrlToBlob } from '../photos.js';
import { StepHeading } from './StepHeading.js';

export function ReviewStep({ draft, goto, back, service, onDone }: StepProps & { service: Service | undefined; onDone: (r: ReportResult, photosFailed: boolean) => void }) {
  const { t } = useTranslation();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!service) return <p>{t('app.loading')}</p>;
  const p = draft.place;
  const answered = service.questions.filter((q) => q.variable && draft.answers[q.code] !== undefined && String(draft.answers[q.code]) !== '');
  const show = (code: string) => {
    const q = service.questions.find((x) => x.code === code)!;
    const v = draft.answers[code]!;
    const list = Array.isArray(v) ? v : [v];
    return q.values.length ? list.map((k) => q.values.find((x) => x.key === k)?.name ?? k).join(', ') : list.join(', ');
  };

  const send = async () => {
    setSending(true);
    setError(null);
    const answers = Object.fromEntries(Object.entries(draft.answers).filter(([, v]) => !(v === '' || (Array.isArray(v) && !v.length))));
    const contact = draft.anonymous ? undefined : { name: draft.name.trim() || undefined, email: draft.email.trim() || undefined, phone: draft.phone.trim() || undefined };
    try {
      const report = await api.report({
        serviceCode: service.code,
        description: draft.description.trim() || undefined,
        location: p.lat !== undefined ? { lat: p.lat, lng: p.lng } : undefined,
        address: p.text.trim() || undefined,
        addressId: p.addressId,
        zipcode: p.zipcode ?? undefined,
        answers,
        locale: draft.anonymous ? undefined : draft.updatesLocale,
        reporter: contact && (contact.name || contact.email || contact.phone) ? contact : undefined,
      }, draft.submissionKey);
      tokens.saveReport(report.publicId, report.token);
      let photosFailed = false;
      for (const photo of draft.photos) {
        try {
          await api.addPhoto(report.publicId, report.token, dataUrlToBlob(photo));
        } catch {
          photosFailed = true;
        }
      }
      onDone(report, photosFailed);
    } catch (e) {
      setSending(false);
      if (!(e instanceof ApiError)) setError(t('review.offlineSaved'));
      else setError(t('review.failed', { message: e.message }));
    }
  };

  const row = (label: string, value: React.ReactNode, step: Parameters<typeof goto>[0]) => (
    <div className="review-row">
      <dt>{label}</dt>
      <dd>
        {value}{' '}
        <button type="button" className="link" onClick={() => goto(step)}>
          {t('review.edit')}
          <span className="sr-only"> {label}</span>
        </button>
      </dd>
    </div>
  );

  return (
    <div>
      <StepHeading>{t('review.heading')}</StepHeading>
      <dl className="review">
        {row(t('review.place'), p.text || t('place.pinned'), 'place')}
        {row(t('review.service'), service.name, 'service')}
        {answered.length > 0 &&
          row(
            t('review.answers'),
            <span className="answers">
              {answered.map((q) => (
                <span key={q.code} className="answer">
                  <span className="muted">{q.description}</span> <strong>{show(q.code)}</strong>
                </span>
              ))}
            </span>,
            'details',
          )}
        {row(t('review.description'), draft.description.trim() || t('review.none'), 'details')}
        {row(t('review.photos'), draft.photos.length ? draft.photos.map((src, i) => <img key={i} className="mini" src={src} alt={t('details.photoAlt', { n: i + 1 })} />) : t('review.none'), 'details')}
        {row(t('review.contact'), draft.anonymous ? t('review.anonymous') : [draft.name, draft.email, draft.phone].filter((x) => x.trim()).join(' · ') || t('review.none'), 'contact')}
      </dl>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button secondary" onClick={back}>
          {t('app.back')}
        </button>
        <button type="button" className="button primary" disabled={sending} onClick={() => void send()}>
          {sending ? t('review.sending') : t('review.send')}
        </button>
      </div>
    </div>
  );
}
