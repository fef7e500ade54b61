import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Issues } from '../shared.js';
import { config, type DistrictLayer, type LayerResult } from './adminApi.js';
import { Check, Text } from './ServiceEdit.js';

const toCode = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

interface Parsed {
  geojson: unknown;
  count: number;
  props: string[];
}

/** Reads the file in the browser to offer its feature properties for the name and code. */
function readGeoJson(text: string): Parsed {
  const geojson = JSON.parse(text) as { type?: string; features?: Array<{ properties?: Record<string, unknown> | null }> };
  if (geojson?.type !== 'FeatureCollection' || !Array.isArray(geojson.features)) throw new Error('not a FeatureCollection');
  const props = new Set<string>();
  for (const f of geojson.features.slice(0, 200)) for (const k of Object.keys(f.properties ?? {})) props.add(k);
  return { geojson, count: geojson.features.length, props: [...props] };
}

/** District layers: the list with their districts, and a GeoJSON upload that adds or replaces one. */
export function DistrictLayers() {
  const { t } = useTranslation();
  const layers = useQuery({ queryKey: ['district-layers'], queryFn: config.layers });
  const [open, setOpen] = useState<number | null>(null);
  const [replacing, setReplacing] = useState<DistrictLayer | null>(null);
  return (
    <section aria-labelledby="districts-title">
      <h1 id="districts-title">{t('console.cfg.nav.districts')}</h1>
      <p className="muted">{t('console.cfg.districts.intro')}</p>
      <h2>{t('console.cfg.districts.layers')}</h2>
      {!layers.data?.length ? (
        <p>{layers.isPending ? t('console.loading') : t('console.cfg.districts.none')}</p>
      ) : (
        <ul className="layer-list">
          {layers.data.map((l) => (
            <li key={l.id} className="card" data-layer={l.code}>
              <div className="layer-head">
                <p className="layer-name">
                  <strong>{l.name}</strong> <code>{l.code}</code>
                  <span className="muted">
                    {` · ${t('console.cfg.districts.count')}: ${l.districts}`}
                    {l.isCityLimits ? ` · ${t('console.cfg.districts.cityLimits')}` : ''}
                  </span>
                </p>
                <div className="row-actions">
                  <button type="button" className="button small" aria-expanded={open === l.id} aria-controls={`layer-${l.id}-districts`} onClick={() => setOpen(open === l.id ? null : l.id)}>
                    {open === l.id ? t('console.cfg.districts.hide', { name: l.name }) : t('console.cfg.districts.show', { name: l.name })}
                  </button>
                  <button
                    type="button"
                    className="button small"
                    onClick={() => {
                      setReplacing(l);
                      document.getElementById('layer-file')?.focus();
                    }}
                  >
                    {t('console.cfg.districts.replace', { name: l.name })}
                  </button>
                </div>
              </div>
              {open === l.id && <Districts id={`layer-${l.id}-districts`} layerId={l.id} />}
            </li>
          ))}
        </ul>
      )}
      <Upload key={replacing?.code ?? 'new'} replacing={replacing} onCancel={() => setReplacing(null)} />
    </section>
  );
}

function Districts({ id, layerId }: { id: string; layerId: number }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['districts', layerId], queryFn: () => config.districts(layerId) });
  if (!q.data) return <p id={id}>{t('console.loading')}</p>;
  return (
    <ul id={id} className="district-names">
      {q.data.map((d) => (
        <li key={d.id}>
          {d.name} <code>{d.code}</code>
        </li>
      ))}
    </ul>
  );
}

function Upload({ replacing, onCancel }: { replacing: DistrictLayer | null; onCancel: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [fileError, setFileError] = useState('');
  const [name, setName] = useState(replacing?.name ?? '');
  const [code, setCode] = useState(replacing?.code ?? '');
  const [nameProperty, setNameProperty] = useState('');
  const [codeProperty, setCodeProperty] = useState('');
  const [cityLimits, setCityLimits] = useState(replacing?.isCityLimits ?? false);
  const [result, setResult] = useState<LayerResult | null>(null);
  const upload = useMutation({
    mutationFn: () => config.uploadLayer(code || toCode(name), { name, nameProperty, ...(codeProperty ? { codeProperty } : {}), cityLimits }, parsed?.geojson ?? null),
    onSuccess: async (r) => {
      setResult(r);
      await qc.invalidateQueries({ queryKey: ['district-layers'] });
      await qc.invalidateQueries({ queryKey: ['districts'] });
      await qc.invalidateQueries({ queryKey: ['directory'] });
    },
  });
  const props = parsed?.props ?? [];
  return (
    <form
      className="card admin-form"
      aria-labelledby="upload-title"
      onSubmit={(e) => {
        e.preventDefault();
        upload.mutate();
      }}
    >
      <h2 id="upload-title">{replacing ? t('console.cfg.districts.replacing', { name: replacing.name }) : t('console.cfg.districts.upload')}</h2>
      <div className="field">
        <label htmlFor="layer-file">{t('console.cfg.districts.file')}</label>
        <span className="hint" id="layer-file-hint">
          {t('console.cfg.districts.fileHint')}
        </span>
        <input
          id="layer-file"
          type="file"
          accept=".geojson,.json,application/geo+json,application/json"
          aria-describedby="layer-file-hint layer-file-read"
          required
          onChange={async (e) => {
            const file = e.target.files?.[0];
            setParsed(null);
            setFileError('');
            if (!file) return;
            try {
              const p = readGeoJson(await file.text());
              setParsed(p);
              const guess = p.props.find((k) => /^name$/i.test(k)) ?? p.props.find((k) => /name/i.test(k)) ?? p.props[0] ?? '';
              setNameProperty(guess);
              if (!name) setName(file.name.replace(/\.(geo)?json$/i, ''));
            } catch (err) {
              setFileError(t('console.cfg.districts.badFile', { message: (err as Error).message }));
            }
          }}
        />
        <p id="layer-file-read" className={fileError ? 'error' : 'muted'} role={fileError ? 'alert' : undefined}>
          {fileError || (parsed ? t('console.cfg.districts.features', { count: parsed.count, props: props.join(', ') || '—' }) : '')}
        </p>
      </div>
      <div className="grid2">
        <Text id="layer-name" label={t('console.cfg.districts.layerName')} value={name} onChange={setName} />
        <Text id="layer-code" label={t('console.cfg.districts.layerCode')} value={code || toCode(name)} onChange={setCode} disabled={replacing !== null} />
        <div className="field">
          <label htmlFor="layer-name-prop">{t('console.cfg.districts.nameProperty')}</label>
          {props.length ? (
            <select id="layer-name-prop" value={nameProperty} onChange={(e) => setNameProperty(e.target.value)}>
              {props.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          ) : (
            <input id="layer-name-prop" type="text" value={nameProperty} onChange={(e) => setNameProperty(e.target.value)} />
          )}
        </div>
        <div className="field">
          <label htmlFor="layer-code-prop">{t('console.cfg.districts.codeProperty')}</label>
          <select id="layer-code-prop" value={codeProperty} onChange={(e) => setCodeProperty(e.target.value)}>
            <option value="">{t('console.cfg.districts.sameAsName')}</option>
            {props.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Check label={t('console.cfg.districts.limitsCheck')} checked={cityLimits} onChange={setCityLimits} />
      <Issues error={upload.error} />
      <p role="status" className="sr-status" data-testid="layer-result">
        {result ? t('console.cfg.districts.result', { districts: result.districts, name: result.layer.name, added: result.added, updated: result.updated, removed: result.removed, placed: result.requestsPlaced }) : ''}
      </p>
      <div className="row">
        <button type="submit" className="button primary" disabled={!parsed || !name || !nameProperty || upload.isPending}>
          {t('console.cfg.districts.submit')}
        </button>
        {replacing && (
          <button type="button" className="button" onClick={onCancel}>
            {t('console.cfg.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
