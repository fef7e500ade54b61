import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Issues } from '../shared.js';
import { admin, type Calendar, type Weekday } from './adminApi.js';

const WEEK: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const ZONES: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

// A time input cannot say 24:00: the form shows a close at midnight as 00:00 and saves it as 24:00.
const toInput = (v: string) => (v === '24:00' ? '00:00' : v);
const fromInput = (v: string, closing: boolean) => (closing && v === '00:00' ? '24:00' : v);

/** The business calendar as a form: time zone, opening hours per weekday (split hours too), holidays. */
export function CalendarEditor() {
  const cal = useQuery({ queryKey: ['calendar'], queryFn: admin.calendar });
  if (!cal.data) return null;
  return <CalendarForm initial={cal.data} />;
}

function CalendarForm({ initial }: { initial: Calendar }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [timeZone, setTimeZone] = useState(initial.timeZone);
  const [hours, setHours] = useState<Record<Weekday, Array<[string, string]>>>(() => Object.fromEntries(WEEK.map((d) => [d, (initial.hours[d] ?? []).map(([a, b]) => [toInput(a), toInput(b)])])) as Record<Weekday, Array<[string, string]>>);
  const [holidays, setHolidays] = useState<string[]>([...initial.holidays].sort());
  const [newHoliday, setNewHoliday] = useState('');
  const save = useMutation({
    mutationFn: () =>
      admin.saveCalendar({
        timeZone: timeZone.trim(),
        hours: Object.fromEntries(WEEK.map((d) => [d, hours[d].map(([a, b]) => [fromInput(a, false), fromInput(b, true)] as [string, string])])),
        holidays,
      }),
    onSuccess: (saved) => qc.setQueryData(['calendar'], saved),
  });
  const setDay = (d: Weekday, list: Array<[string, string]>) => setHours((h) => ({ ...h, [d]: list }));
  const addHoliday = () => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(newHoliday) && !holidays.includes(newHoliday)) setHolidays((h) => [...h, newHoliday].sort());
    setNewHoliday('');
  };
  return (
    <section aria-labelledby="calendar-title">
      <h1 id="calendar-title">{t('console.admin.calendar')}</h1>
      <p className="muted">{t('console.cfg.cal.intro')}</p>
      <form
        className="admin-form calendar-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <div className="card">
          <div className="field">
            <label htmlFor="cal-zone">{t('console.cfg.cal.timeZone')}</label>
            <input id="cal-zone" type="text" list="cal-zones" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} autoComplete="off" spellCheck={false} />
            <datalist id="cal-zones">
              {ZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </div>
        </div>
        <fieldset className="card week">
          <legend>{t('console.cfg.cal.week')}</legend>
          {WEEK.map((d) => {
            const day = t(`console.cfg.cal.days.${d}`);
            return (
              <div key={d} className="day-row" role="group" aria-labelledby={`cal-${d}-name`} data-day={d}>
                <span id={`cal-${d}-name`} className="day-name">
                  {day}
                </span>
                <div className="day-hours">
                  {hours[d].length === 0 && <span className="muted">{t('console.cfg.cal.closed')}</span>}
                  {hours[d].map(([open, close], i) => (
                    <span key={i} className="interval">
                      <label htmlFor={`cal-${d}-${i}-open`} className="sr-only">{`${day} ${i + 1}: ${t('console.cfg.cal.opens')}`}</label>
                      <input id={`cal-${d}-${i}-open`} type="time" value={open} required onChange={(e) => setDay(d, hours[d].map((x, j) => (j === i ? [e.target.value, x[1]] : x)))} />
                      <span aria-hidden="true">–</span>
                      <label htmlFor={`cal-${d}-${i}-close`} className="sr-only">{`${day} ${i + 1}: ${t('console.cfg.cal.closes')}`}</label>
                      <input id={`cal-${d}-${i}-close`} type="time" value={close} required onChange={(e) => setDay(d, hours[d].map((x, j) => (j === i ? [x[0], e.target.value] : x)))} />
                      <button type="button" className="button small icon" aria-label={t('console.cfg.cal.removeHours', { day, from: open, to: close })} onClick={() => setDay(d, hours[d].filter((_, j) => j !== i))}>
                        ×
                      </button>
                    </span>
                  ))}
                  <button type="button" className="button small" aria-label={t('console.cfg.cal.addHours', { day })} onClick={() => setDay(d, [...hours[d], hours[d].length ? ['13:00', '17:00'] : ['08:00', '17:00']])}>
                    +
                  </button>
                </div>
              </div>
            );
          })}
        </fieldset>
        <fieldset className="card">
          <legend>{t('console.cfg.cal.holidays')}</legend>
          {holidays.length === 0 ? <p className="muted">{t('console.cfg.cal.noHolidays')}</p> : <HolidayYears holidays={holidays} onRemove={(h) => setHolidays((list) => list.filter((x) => x !== h))} />}
          <div className="inline-action">
            <label htmlFor="cal-new-holiday">{t('console.cfg.cal.newHoliday')}</label>
            <div className="inline-row">
              <input
                id="cal-new-holiday"
                type="date"
                value={newHoliday}
                onChange={(e) => setNewHoliday(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    addHoliday();
                  }
                }}
              />
              <button type="button" className="button small" onClick={addHoliday} disabled={!newHoliday}>
                {t('console.cfg.cal.addHoliday')}
              </button>
            </div>
          </div>
        </fieldset>
        <Issues error={save.error} />
        <p role="status" className="sr-status">
          {save.isSuccess ? t('console.admin.saved') : ''}
        </p>
        <button type="submit" className="button primary" disabled={save.isPending}>
          {t('console.admin.save')}
        </button>
      </form>
    </section>
  );
}

/** Holidays by year; the years already past folded away (they still count for old requests' targets). */
function HolidayYears({ holidays, onRemove }: { holidays: string[]; onRemove: (date: string) => void }) {
  const { t, i18n } = useTranslation();
  const fmt = new Intl.DateTimeFormat(i18n.language === 'es' ? 'es-US' : 'en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const thisYear = new Date().getFullYear();
  const years = [...new Set(holidays.map((h) => Number(h.slice(0, 4))))].sort();
  const year = (y: number) => (
    <div key={y} className="holiday-year">
      <h3 className="small-h">{y}</h3>
      <ul className="holidays" data-testid={`holidays-${y}`}>
        {holidays
          .filter((h) => h.startsWith(`${y}-`))
          .map((h) => (
            <li key={h}>
              <time dateTime={h}>{fmt.format(new Date(`${h}T12:00:00Z`))}</time>
              <button type="button" className="button small icon" aria-label={t('console.cfg.cal.removeHoliday', { date: h })} onClick={() => onRemove(h)}>
                ×
              </button>
            </li>
          ))}
      </ul>
    </div>
  );
  const past = years.filter((y) => y < thisYear);
  return (
    <>
      {years.filter((y) => y >= thisYear).map(year)}
      {past.length > 0 && (
        <details className="past-years">
          <summary>{t('console.cfg.cal.earlier', { from: past[0], to: past[past.length - 1], count: holidays.filter((h) => Number(h.slice(0, 4)) < thisYear).length })}</summary>
          {past.map(year)}
        </details>
      )}
    </>
  );
}
