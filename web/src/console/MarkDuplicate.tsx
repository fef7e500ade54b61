import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staff, staffCall, StaffApiError, type RequestDetail } from './api.js';

interface Nearby {
  radiusM: number;
  items: Array<{ publicId: string; status: string; description: string; address: string | null; distanceM: number; createdAt: string }>;
}
type Candidate = { publicId: string; label: string };

const nearby = (r: RequestDetail) =>
  staffCall<Nearby>('GET', `/api/requests/nearby?serviceCode=${encodeURIComponent(r.service.code)}&lat=${r.location!.lat}&lng=${r.location!.lng}&limit=10`);

/**
 * Close a request as a duplicate of another: the open requests of the same service nearby are offered,
 * or any request found by its tracking number. Reopening the duplicate undoes it.
 */
export function MarkDuplicate({ data, busy, onMark }: { data: RequestDetail; busy: boolean; onMark: (duplicateOf: string, note: string, clear: () => void) => void }) {
  const { t } = useTranslation();
  const near = useQuery({ queryKey: ['nearby', data.id, data.version], queryFn: () => nearby(data), enabled: data.location !== null, retry: false });
  const [choice, setChoice] = useState('');
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<Candidate | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const lookup = useMutation({
    mutationFn: async () => {
      const id = search.trim();
      if (id === data.publicId || id === String(data.id)) throw new Error(t('console.dup.self'));
      let r: RequestDetail;
      try {
        r = await staff.request(id);
      } catch (e) {
        const status = (e as StaffApiError).status;
        throw new Error(status === 403 ? t('console.dup.notVisible') : status === 404 || status === 400 ? t('console.dup.notFound') : (e as Error).message);
      }
      if (r.status === 'closed') throw new Error(t('console.dup.closedOriginal'));
      return r;
    },
    onSuccess: (r) => {
      setFound({ publicId: r.publicId, label: t('console.dup.found', { id: r.publicId, service: r.service.name, status: t(`console.status.${r.status}`) }) });
      setChoice(r.publicId);
    },
  });
  const others = (near.data?.items ?? []).filter((n) => n.publicId !== data.publicId && n.publicId !== found?.publicId);
  const candidates: Candidate[] = [
    ...(found ? [found] : []),
    ...others.map((n) => ({ publicId: n.publicId, label: t('console.dup.candidate', { id: n.publicId, distance: Math.round(n.distanceM), text: [n.address, n.description].filter(Boolean).join(' — ') || '—' }) })),
  ];
  return (
    <section aria-labelledby="dup-title" className="card" data-testid="mark-duplicate">
      <h2 id="dup-title">{t('console.dup.title')}</h2>
      <p className="hint">{t('console.dup.hint')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!choice) {
            setMissing(true);
            return;
          }
          onMark(choice, note, () => setNote(''));
        }}
      >
        <fieldset className="field">
          <legend>{t('console.dup.original')}</legend>
          {!data.location && !found && <p className="muted">{t('console.dup.noLocation')}</p>}
          {data.location && near.data && candidates.length === 0 && <p className="muted">{t('console.dup.noNearby')}</p>}
          {others.length > 0 && <p className="small-h">{t('console.dup.nearby')}</p>}
          <div className="dup-candidates">
            {candidates.map((c) => (
              <label key={c.publicId} className="check" data-candidate={c.publicId}>
                <input
                  type="radio"
                  name="duplicate-of"
                  value={c.publicId}
                  checked={choice === c.publicId}
                  onChange={() => {
                    setChoice(c.publicId);
                    setMissing(false);
                  }}
                />
                <span>{c.label}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="inline-action">
          <label htmlFor="dup-search">{t('console.dup.search')}</label>
          <div className="inline-row">
            <input
              id="dup-search"
              type="text"
              inputMode="numeric"
              placeholder="26-000123"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  if (search.trim()) lookup.mutate();
                }
              }}
            />
            <button type="button" className="button small" onClick={() => lookup.mutate()} disabled={!search.trim() || lookup.isPending}>
              {t('console.dup.find')}
            </button>
          </div>
          {lookup.error && (
            <p className="error" role="alert">
              {(lookup.error as Error).message}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="dup-note">{t('console.dup.note')}</label>
          <textarea id="dup-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
        {missing && (
          <p className="error" role="alert">
            {t('console.dup.choose')}
          </p>
        )}
        <button type="submit" className="button" disabled={busy}>
          {t('console.dup.submit')}
        </button>
      </form>
    </section>
  );
}
