import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Service } from '../api.js';
import type { StepProps } from '../pages/Report.js';
import { resizePhoto } from '../photos.js';
import { Questions } from './Questions.js';
import { StepHeading } from './StepHeading.js';

const MAX_PHOTOS = 3;

export function DetailsStep({ draft, update, next, back, goto, service }: StepProps & { service: Service | undefined }) {
  const { t } = useTranslation();
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const [photoError, setPhotoError] = useState(false);
  const descId = useId();
  const photoId = useId();
  if (!service) return <p>{t('app.loading')}</p>;
  const questions = service.questions;
  const empty = (v: string | string[] | undefined) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

  const addPhotos = async (files: FileList | null) => {
    setPhotoError(false);
    const added: string[] = [];
    for (const f of Array.from(files ?? []).slice(0, MAX_PHOTOS - draft.photos.length)) {
      try {
        added.push(await resizePhoto(f));
      } catch {
        setPhotoError(true);
      }
    }
    update({ photos: [...draft.photos, ...added].slice(0, MAX_PHOTOS) });
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const gaps = new Set(questions.filter((q) => q.variable && q.required && empty(draft.answers[q.code])).map((q) => q.code));
        setMissing(gaps);
        if (gaps.size) {
          (document.querySelector(`[data-question="${[...gaps][0]}"] input, input[data-question="${[...gaps][0]}"], textarea[data-question="${[...gaps][0]}"]`) as HTMLElement | null)?.focus();
          return;
        }
        next();
      }}
    >
      <StepHeading>{t('details.heading')}</StepHeading>
      <p className="chosen-service">
        {t('service.chosen', { name: service.name })}{' '}
        <button type="button" className="link" onClick={() => goto("service")}>
          {t('service.change')}
        </button>
      </p>
      {questions.some((q) => q.required && q.variable) && <p className="hint">{t('details.requiredNote')}</p>}
      {missing.size > 0 && (
        <div className="sr-only" role="alert">
          {questions
            .filter((q) => missing.has(q.code))
            .map((q) => (
              <p key={q.code}>{t('details.missing', { question: q.description })}</p>
            ))}
        </div>
      )}
      <Questions questions={questions} answers={draft.answers} missing={missing} onChange={(code, v) => update({ answers: { ...draft.answers, [code]: v } })} />
      <div className="field">
        <label htmlFor={descId}>{t('details.description')}</label>
        <span className="hint" id={`${descId}-hint`}>
          {t('details.descriptionHint')}
        </span>
        <textarea id={descId} aria-describedby={`${descId}-hint`} rows={4} maxLength={4000} value={draft.description} onChange={(e) => update({ description: e.target.value })} />
      </div>
      <fieldset className="field">
        <legend>{t('details.photos')}</legend>
        <span className="hint" id={`${photoId}-hint`}>
          {t('details.photosHint')}
        </span>
        {draft.photos.length > 0 && (
          <ul className="thumbs">
            {draft.photos.map((p, i) => (
              <li key={i}>
                <img src={p} alt={t('details.photoAlt', { n: i + 1 })} />
                <button type="button" className="button secondary small" onClick={() => update({ photos: draft.photos.filter((_, j) => j !== i) })}>
                  {t('details.removePhoto', { n: i + 1 })}
                </button>
              </li>
            ))}
          </ul>
        )}
        {draft.photos.length < MAX_PHOTOS && (
          <div className="file">
            <label htmlFor={photoId} className="button secondary">
              {t('details.addPhoto')}
            </label>
            <input id={photoId} className="file-input" type="file" accept="image/*" multiple aria-describedby={`${photoId}-hint`} onChange={(e) => void addPhotos(e.target.files).then(() => (e.target.value = ''))} />
          </div>
        )}
        {photoError && (
          <p className="error" role="alert">
            {t('details.photoFailed')}
          </p>
        )}
      </fieldset>
      <div className="actions">
        <button type="button" className="button secondary" onClick={back}>
          {t('app.back')}
        </button>
        <button type="submit" className="button primary">
          {t('app.continue')}
        </button>
      </div>
    </form>
  );
}
