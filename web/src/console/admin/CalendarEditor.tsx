import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Issues } from '../shared.js';
import { admin } from './adminApi.js';

/** The business calendar as JSON, validated by the server's validateCalendar before it is saved. */
export function CalendarEditor() {
  const { t } = useTranslation();
  const cal = useQuery({ queryKey: ['calendar'], queryFn: admin.calendar });
  const [text, setText] = useState('');
  useEffect(() => {
    if (cal.data && !text) setText(JSON.stringify(cal.data, null, 2));
  }, [cal.data]);
  const save = useMutation({
    mutationFn: async () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw Object.assign(new Error((e as Error).message), { issues: [{ field: 'JSON', message: (e as Error).message }] });
      }
      return admin.saveCalendar(parsed);
    },
  });
  return (
    <section aria-labelledby="calendar-title">
      <h1 id="calendar-title">{t('console.admin.calendar')}</h1>
      <form
        className="admin-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <div className="field">
          <label htmlFor="calendar-json">{t('console.admin.calendar')}</label>
          <span className="hint" id="calendar-hint">
            {t('console.admin.calendarHint')}
          </span>
          <textarea id="calendar-json" aria-describedby="calendar-hint" className="code" rows={18} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        </div>
        <Issues error={save.error} />
        <p role="status">{save.isSuccess ? t('console.admin.saved') : ''}</p>
        <button type="submit" className="button primary">
          {t('console.admin.save')}
        </button>
      </form>
    </section>
  );
}
