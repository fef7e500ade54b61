import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Address, type Service } from '../api.js';
import { AddressField } from '../components/AddressField.js';
import { Questions } from '../components/Questions.js';
import { useLang } from '../hooks.js';
import { staff, type Caller, type RequestSummary } from './api.js';
import { INTAKE_CHANNELS, PRIORITIES, Issues, useServiceNames, useStaffServices, useWhen } from './shared.js';

/** The call-taker's one screen: channel, caller and history, place and what is near it, service, submit. */
export default function Intake() {
  const { t } = useTranslation();
  const lang = useLang();
  const services = useStaffServices();
  const names = useServiceNames();
  const when = useWhen();
  const [channel, setChannel] = useState<string>('phone');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [callerQuery, setCallerQuery] = useState<{ phone?: string; email?: string } | null>(null);
  const [placeText, setPlaceText] = useState('');
  const [place, setPlace] = useState<Address | null>(null);
  const [search, setSearch] = useState('');
  const [service, setService] = useState<Service | null>(null);
  const [answers, setAnswers] = useState<Record<string, string | string[]>>({});
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState('');
  const [done, setDone] = useState<RequestSummary | null>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${t('console.intake.title')} · ${t('console.title')}`;
  }, [t]);

  const callers = useQuery({ queryKey: ['callers', callerQuery], queryFn: () => staff.callers(callerQuery!), enabled: callerQuery !== null });
  const nearby = useQuery({
    queryKey: ['nearby', place?.lat, place?.lng, lang],
    queryFn: () => api.nearby({ lat: place!.lat, lng: place!.lng, radius: 200, locale: lang, limit: 10 }),
    enabled: place !== null,
  });
  const matches = useMemo(() => {
    const q = search.trim().toLowerCase();
    if (!q) return [];
    return (services.data ?? []).filter((s) => [s.name, s.group, s.description, ...s.keywords].some((x) => x.toLowerCase().includes(q))).slice(0, 8);
  }, [search, services.data]);

  const submit = useMutation({
    mutationFn: () =>
      staff.submit({
        serviceCode: service!.code,
        channel,
        description: description || undefined,
        ...(place ? { location: { lat: place.lat, lng: place.lng }, address: place.fullAddress, addressId: place.id, ...(place.zipcode ? { zipcode: place.zipcode } : {}) } : placeText.trim() ? { address: placeText.trim() } : {}),
        answers: Object.fromEntries(Object.entries(answers).filter(([, v]) => (Array.isArray(v) ? v.length : v !== ''))),
        ...(priority ? { priority } : {}),
        locale: lang,
        ...(name || email || phone ? { reporter: { ...(name ? { name } : {}), ...(email ? { email } : {}), ...(phone ? { phone } : {}) } } : {}),
      }),
    onSuccess: (r) => {
      setDone(r);
      setTimeout(() => doneRef.current?.focus(), 0);
    },
  });

  const reset = () => {
    setDone(null);
    setPhone('');
    setEmail('');
    setName('');
    setCallerQuery(null);
    setPlace(null);
    setPlaceText('');
    setSearch('');
    setService(null);
    setAnswers({});
    setDescription('');
    setPriority('');
    submit.reset();
  };

  if (done) {
    return (
      <section className="intake-done card" aria-labelledby="done-title">
        <h1 id="done-title" ref={doneRef} tabIndex={-1}>
          {t('console.intake.done')}
        </h1>
        <p>{t('console.intake.readBack')}</p>
        <p className="tracking-big" data-testid="tracking-id">
          {done.publicId}
        </p>
        <div className="row">
          <button type="button" className="button primary" onClick={reset}>
            {t('console.intake.another')}
          </button>
          <Link className="button" to={`/console/requests/${done.publicId}`}>
            {t('console.intake.open')}
          </Link>
        </div>
      </section>
    );
  }

  const go = () => {
    if (service) submit.mutate();
  };

  return (
    <form
      className="intake"
      aria-labelledby="intake-title"
      onSubmit={(e) => {
        e.preventDefault();
        go();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          go();
        }
      }}
    >
      <h1 id="intake-title">{t('console.intake.title')}</h1>
      <p className="hint">{t('console.intake.submitHint')}</p>
      <div className="intake-grid">
        <div>
          <fieldset className="card field">
            <legend>{t('console.intake.channel')}</legend>
            <div className="row channels">
              {INTAKE_CHANNELS.map((c) => (
                <label key={c} className="check">
                  <input type="radio" name="channel" value={c} checked={channel === c} onChange={() => setChannel(c)} />
                  {t(`console.channel.${c}`)}
                </label>
              ))}
            </div>
          </fieldset>

          <fieldset className="card field">
            <legend>{t('console.intake.caller')}</legend>
            <div className="two">
              <div className="field">
                <label htmlFor="caller-phone">{t('console.intake.phone')}</label>
                <input id="caller-phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="caller-email">{t('console.intake.email')}</label>
                <input id="caller-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
              </div>
            </div>
            <button type="button" className="button small" onClick={() => setCallerQuery({ ...(phone ? { phone } : {}), ...(email ? { email } : {}) })} disabled={!phone && !email}>
              {t('console.intake.find')}
            </button>
            <div aria-live="polite">
              {callers.data && callers.data.length === 0 && <p className="muted">{t('console.intake.noCaller')}</p>}
              {callers.data?.map((c: Caller) => (
                <div key={c.resident.id} className="caller">
                  <p>
                    <strong>{c.resident.name ?? t('console.intake.anonymousCaller')}</strong> {[c.resident.phone, c.resident.email].filter(Boolean).join(' · ')}{' '}
                    <button
                      type="button"
                      className="button small"
                      onClick={() => {
                        setName(c.resident.name ?? '');
                        setPhone(c.resident.phone ?? phone);
                        setEmail(c.resident.email ?? email);
                      }}
                    >
                      {t('console.intake.use', { name: c.resident.name ?? c.resident.phone ?? c.resident.email })}
                    </button>
                  </p>
                  <h3 className="small-h">{t('console.intake.history')}</h3>
                  {c.requests.length === 0 ? (
                    <p className="muted">{t('console.intake.noHistory')}</p>
                  ) : (
                    <ul className="history">
                      {c.requests.map((r) => (
                        <li key={r.id}>
                          <Link to={`/console/requests/${r.publicId}`}>{r.publicId}</Link> {names.get(r.serviceId)} · {t(`console.status.${r.status}`)} · {when(r.createdAt)}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              ))}
            </div>
            <div className="field">
              <label htmlFor="caller-name">{t('console.intake.name')}</label>
              <input id="caller-name" type="text" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
            </div>
          </fieldset>

          <fieldset className="card field">
            <legend>{t('console.intake.address')}</legend>
            <AddressField value={placeText} onType={(v) => {
              setPlaceText(v);
              setPlace(null);
            }} onPick={(a) => {
              setPlace(a);
              setPlaceText(a.fullAddress);
            }} />
            {place && (
              <div aria-live="polite">
                <h3 className="small-h">{t('console.intake.nearby')}</h3>
                {nearby.data?.length === 0 && <p className="muted">{t('console.intake.noNearby')}</p>}
                <ul className="history" data-testid="nearby">
                  {nearby.data?.map((n) => (
                    <li key={n.publicId}>
                      <Link to={`/console/requests/${n.publicId}`}>{n.publicId}</Link> {n.serviceName} · {n.address ?? ''} · {Math.round(n.distanceM)} m
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </fieldset>
        </div>

        <div>
          <fieldset className="card field">
            <legend>{t('console.intake.service')}</legend>
            {service ? (
              <p className="chosen">
                {t('console.intake.chosen', { name: service.name })}{' '}
                <button type="button" className="link" onClick={() => setService(null)}>
                  {t('console.intake.change')}
                </button>
              </p>
            ) : (
              <>
                <div className="field">
                  <label htmlFor="service-search">{t('console.intake.search')}</label>
                  <input
                    id="service-search"
                    type="search"
                    value={search}
                    onChange={(e) => setSearch(e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' && !e.ctrlKey && matches[0]) {
                        e.preventDefault();
                        setService(matches[0]);
                        setAnswers({});
                      }
                    }}
                    aria-describedby="service-count"
                  />
                  <span id="service-count" className="sr-only" aria-live="polite">
                    {search ? `${matches.length}` : ''}
                  </span>
                </div>
                <ul className="choices">
                  {matches.map((s) => (
                    <li key={s.code}>
                      <button
                        type="button"
                        className="choice"
                        onClick={() => {
                          setService(s);
                          setAnswers({});
                        }}
                      >
                        <span className="choice-name">{s.name}</span>
                        <span className="choice-desc">{s.group}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {service?.kbAnswer && (
              <div className="kb" data-testid="kb-answer">
                <h3 className="small-h">{t('console.intake.kb')}</h3>
                <p className="prewrap">{service.kbAnswer}</p>
              </div>
            )}
            {service?.notice && (
              <div className="notice">
                <p>
                  <strong>{t('console.intake.notice')}:</strong> {service.notice}
                </p>
              </div>
            )}
          </fieldset>

          {service && (
            <fieldset className="card field">
              <legend>{t('console.intake.details')}</legend>
              <Questions questions={service.questions} answers={answers} onChange={(code, v) => setAnswers((a) => ({ ...a, [code]: v }))} missing={new Set()} />
              <div className="field">
                <label htmlFor="intake-description">{t('console.intake.description')}</label>
                <textarea id="intake-description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="intake-priority">{t('console.intake.priority')}</label>
                <select id="intake-priority" value={priority} onChange={(e) => setPriority(e.target.value)}>
                  <option value="">—</option>
                  {PRIORITIES.map((p) => (
                    <option key={p} value={p}>
                      {t(`console.priority.${p}`)}
                    </option>
                  ))}
                </select>
              </div>
            </fieldset>
          )}
          <Issues error={submit.error} />
          {!service && submit.isIdle === false && <p className="error">{t('console.intake.missing')}</p>}
          <button type="submit" className="button primary big" disabled={!service || submit.isPending}>
            {t('console.intake.submit')}
          </button>
        </div>
      </div>
    </form>
  );
}
