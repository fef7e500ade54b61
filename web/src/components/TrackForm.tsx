import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

export function TrackForm({ initial = '' }: { initial?: string }) {
  const { t } = useTranslation();
  const [id, setId] = useState(initial);
  const navigate = useNavigate();
  const field = useId();
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (id.trim()) void navigate(`/track/${encodeURIComponent(id.trim())}`);
      }}
    >
      <div className="field">
        <label htmlFor={field}>{t('track.id')}</label>
        <span className="hint" id={`${field}-hint`}>
          {t('track.idHint')}
        </span>
        <input id={field} aria-describedby={`${field}-hint`} value={id} onChange={(e) => setId(e.target.value)} inputMode="numeric" autoComplete="off" pattern="\d{2}-\d+" />
      </div>
      <button type="submit" className="button">
        {t('track.find')}
      </button>
    </form>
  );
}
