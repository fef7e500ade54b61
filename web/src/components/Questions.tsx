import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Question } from '../api.js';

type Value = string | string[];

/** A service's questions rendered from its definition: every Open311 datatype, required marks, lists. */
export function Questions({ questions, answers, onChange, missing }: { questions: Question[]; answers: Record<string, Value>; onChange: (code: string, v: Value) => void; missing: Set<string> }) {
  return (
    <>
      {[...questions]
        .sort((a, b) => a.order - b.order)
        .map((q) => (
          <QuestionField key={q.code} q={q} value={answers[q.code]} onChange={(v) => onChange(q.code, v)} invalid={missing.has(q.code)} />
        ))}
    </>
  );
}

function Required() {
  const { t } = useTranslation();
  return (
    <span className="required">
      <span aria-hidden="true"> *</span>
      <span className="sr-only"> ({t('details.requiredMark')})</span>
    </span>
  );
}

function Missing({ q }: { q: Question }) {
  const { t } = useTranslation();
  return <span className="field-error">{t('details.missing', { question: q.description })}</span>;
}

function QuestionField({ q, value, onChange, invalid }: { q: Question; value: Value | undefined; onChange: (v: Value) => void; invalid: boolean }) {
  const id = useId();
  if (!q.variable) return <p className="info-text">{q.description}</p>;
  const common = { id, name: q.code, required: q.required, 'aria-invalid': invalid || undefined, 'data-question': q.code };
  const str = typeof value === 'string' ? value : '';
  if (q.datatype === 'singlevaluelist' || q.datatype === 'multivaluelist') {
    const multi = q.datatype === 'multivaluelist';
    const chosen = new Set(Array.isArray(value) ? value : value ? [value] : []);
    return (
      <fieldset className="field" data-question={q.code} aria-invalid={invalid || undefined}>
        <legend>
          {q.description}
          {q.required && <Required />}
        </legend>
        {invalid && <Missing q={q} />}
        {q.values.map((v) => (
          <label key={v.key} className="check">
            <input
              type={multi ? 'checkbox' : 'radio'}
              name={`${id}-${q.code}`}
              value={v.key}
              checked={chosen.has(v.key)}
              onChange={(e) => {
                if (!multi) return onChange(v.key);
                const next = new Set(chosen);
                if (e.target.checked) next.add(v.key);
                else next.delete(v.key);
                onChange([...next]);
              }}
            />
            {v.name}
          </label>
        ))}
      </fieldset>
    );
  }
  const label = (
    <>
      <label htmlFor={id}>
        {q.description}
        {q.required && <Required />}
      </label>
      {invalid && <Missing q={q} />}
    </>
  );
  switch (q.datatype) {
    case 'text':
      return (
        <div className="field">
          {label}
          <textarea {...common} rows={3} maxLength={4000} value={str} onChange={(e) => onChange(e.target.value)} />
        </div>
      );
    case 'number':
      return (
        <div className="field">
          {label}
          <input {...common} type="number" inputMode="decimal" step="any" value={str} onChange={(e) => onChange(e.target.value)} />
        </div>
      );
    case 'datetime':
      return (
        <div className="field">
          {label}
          <input {...common} type="datetime-local" value={str} onChange={(e) => onChange(e.target.value)} />
        </div>
      );
    default:
      return (
        <div className="field">
          {label}
          <input {...common} type="text" maxLength={255} value={str} onChange={(e) => onChange(e.target.value)} />
        </div>
      );
  }
}
