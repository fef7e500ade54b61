import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ReportResult } from '../api.js';
import { ContactStep } from '../components/ContactStep.js';
import { DetailsStep } from '../components/DetailsStep.js';
import { Done } from '../components/Done.js';
import { NearbyStep } from '../components/NearbyStep.js';
import { PlaceStep } from '../components/PlaceStep.js';
import { ReviewStep } from '../components/ReviewStep.js';
import { ServiceStep } from '../components/ServiceStep.js';
import { emptyDraft, isStarted, loadDraft, saveDraft, type Draft, type Step } from '../draft.js';
import { useLang } from '../hooks.js';

const STEPS: Step[] = ['place', 'service', 'nearby', 'details', 'contact', 'review'];

export interface StepProps {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  next: () => void;
  back: () => void;
  goto: (s: Step) => void;
  direction: 'forward' | 'back';
}

/** The report flow: place, problem, nearby duplicates, details, contact, review. Kept as a draft. */
export function Report({ embedded = false }: { embedded?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [restored] = useState(() => loadDraft());
  const [draft, setDraft] = useState<Draft>(() => restored ?? emptyDraft(lang));
  const [showRestored, setShowRestored] = useState(Boolean(restored && isStarted(restored)));
  const [result, setResult] = useState<{ report: ReportResult; photosFailed: boolean; email: boolean } | null>(null);
  const heading = useRef<HTMLDivElement>(null);
  const [direction, setDirection] = useState<'forward' | 'back'>('forward');

  useEffect(() => saveDraft(result ? null : draft), [draft, result]);

  const service = useQuery({
    queryKey: ['service', draft.serviceCode, lang],
    queryFn: () => api.service(draft.serviceCode!, lang),
    enabled: Boolean(draft.serviceCode),
  });

  // Keep the definition with the draft: a reload without a connection can still finish the form.
  const loaded = service.data;
  useEffect(() => {
    if (loaded && loaded.code === draft.serviceCode) setDraft((d) => ({ ...d, serviceDef: loaded }));
  }, [loaded, draft.serviceCode]);
  const serviceDef = loaded ?? (draft.serviceDef?.code === draft.serviceCode ? draft.serviceDef : undefined);

  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const goto = (step: Step) => {
    setDirection(STEPS.indexOf(step) < STEPS.indexOf(draft.step) ? 'back' : 'forward');
    update({ step });
    requestAnimationFrame(() => (heading.current?.querySelector('h1, h2') as HTMLElement | null)?.focus());
  };
  const index = STEPS.indexOf(draft.step);
  const next = () => goto(STEPS[Math.min(index + 1, STEPS.length - 1)]!);
  const back = () => goto(STEPS[Math.max(index - 1, 0)]!);
  const props: StepProps = { draft, update, next, back, goto, direction };

  if (result) {
    return (
      <div ref={heading}>
        <Done
          result={result.report}
          email={result.email}
          photosFailed={result.photosFailed}
          embedded={embedded}
          onAnother={() => {
            setResult(null);
            setDraft(emptyDraft(lang));
          }}
        />
      </div>
    );
  }

  return (
    <div className="report" ref={heading}>
      {showRestored && (
        <div className="notice" role="status">
          <p>{t('offline.draftRestored')}</p>
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setDraft(emptyDraft(lang));
              setShowRestored(false);
            }}
          >
            {t('offline.discard')}
          </button>
        </div>
      )}
      <p className="steps" aria-hidden="true">
        {STEPS.map((s, i) => (
          <span key={s} className={i === index ? 'current' : i < index ? 'done' : ''} />
        ))}
      </p>
      {draft.step === 'place' && <PlaceStep {...props} />}
      {draft.step === 'service' && <ServiceStep {...props} />}
      {draft.step === 'nearby' && <NearbyStep {...props} />}
      {draft.step === 'details' && <DetailsStep {...props} service={serviceDef} />}
      {draft.step === 'contact' && <ContactStep {...props} />}
      {draft.step === 'review' && (
        <ReviewStep
          {...props}
          service={serviceDef}
          onDone={(report, photosFailed) => {
            setResult({ report, photosFailed, email: !draft.anonymous && Boolean(draft.email.trim()) });
            saveDraft(null);
            requestAnimationFrame(() => (heading.current?.querySelector('h1, h2') as HTMLElement | null)?.focus());
          }}
        />
      )}
    </div>
  );
}
