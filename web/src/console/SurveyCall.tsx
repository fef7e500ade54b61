import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staff, StaffApiError, type RequestDetail } from './api.js';
import { useWhen } from './shared.js';

const SCALE = [1, 2, 3, 4, 5] as const;

/** A follow-up call: the call-taker logs the resident's satisfaction survey answers on a closed request. */
export function SurveyCall({ data }: { data: RequestDetail }) {
  const { t } = useTranslation();
  const when = useWhen();
  const qc = useQueryClient();
  const [resolved, setResolved] = useState<'' | 'yes' | 'no'>('');
  const [satisfaction, setSatisfaction] = useState(0);
  const [courtesy, setCourtesy] = useState(0);
  const [comment, setComment] = useState('');
  const [already, setAlready] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      staff.surveyCall(data.id, {
        resolved: resolved === '' ? null : resolved === 'yes',
        satisfaction: satisfaction || null,
        courtesy: courtesy || null,
        comment: comment.trim() || null,
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['request'] }),
    onError: (e) => {
      if (e instanceof StaffApiError && e.status === 409) {
        setAlready(true);
        void qc.invalidateQueries({ queryKey: ['request'] });
      }
    },
  });

  const answeredAt = data.surveyAnsweredAt ?? null;
  if (answeredAt || already) {
    return (
      <section aria-labelledby="survey-title" className="card survey-call">
        <h2 id="survey-title">{t('console.detail.survey.title')}</h2>
        <p role="status">{answeredAt ? t('console.detail.survey.answered', { when: when(answeredAt) }) : t('console.detail.survey.alreadyAnswered')}</p>
      </section>
    );
  }

  const scale = (name: string, legend: string, value: number, set: (n: number) => void) => (
    <fieldset className="field">
      <legend>{legend}</legend>
      <div className="survey-options">
        {SCALE.map((n) => (
          <label key={n} className="check">
            <input type="radio" name={name} value={n} checked={value === n} onChange={() => set(n)} />
            {n}
          </label>
        ))}
        <label className="check">
          <input type="radio" name={name} value="" checked={value === 0} onChange={() => set(0)} />
          {t('console.detail.survey.notSaid')}
        </label>
      </div>
    </fieldset>
  );
  const err = save.error && !(save.error instanceof StaffApiError && save.error.status === 409) ? (save.error as Error).message : null;

  return (
    <section aria-labelledby="survey-title" className="card survey-call">
      <h2 id="survey-title">{t('console.detail.survey.title')}</h2>
      <p className="muted">{t('console.detail.survey.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <fieldset className="field">
          <legend>{t('console.detail.survey.resolved')}</legend>
          <div className="survey-options">
            {(['yes', 'no', ''] as const).map((v) => (
              <label key={v || 'unsaid'} className="check">
                <input type="radio" name="survey-resolved" value={v} checked={resolved === v} onChange={() => setResolved(v)} />
                {t(`console.detail.survey.${v || 'notSaid'}`)}
              </label>
            ))}
          </div>
        </fieldset>
        {scale('survey-satisfaction', t('console.detail.survey.satisfaction'), satisfaction, setSatisfaction)}
        {scale('survey-courtesy', t('console.detail.survey.courtesy'), courtesy, setCourtesy)}
        <div className="field">
          <label htmlFor="survey-comment">{t('console.detail.survey.comment')}</label>
          <textarea id="survey-comment" rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
        </div>
        {err && (
          <p className="error" role="alert">
            {t('console.detail.failed', { message: err })}
          </p>
        )}
        <button type="submit" className="button" disabled={save.isPending}>
          {t('console.detail.survey.save')}
        </button>
      </form>
    </section>
  );
}
