import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useConfig } from '../hooks.js';
import type { StepProps } from '../pages/Report.js';
import { AddressField } from './AddressField.js';
import { StepHeading } from './StepHeading.js';

const LeafletMap = lazy(() => import('./LeafletMap.js'));

export function PlaceStep({ draft, update, next }: StepProps) {
  const { t } = useTranslation();
  const config = useConfig();
  const [mapOpen, setMapOpen] = useState(draft.place.source === 'map');
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const place = draft.place;
  const hasPlace = Boolean(place.text.trim() || place.lat !== undefined);

  const pinAt = async (p: { lat: number; lng: number }, source: 'map' | 'gps') => {
    update({ place: { text: place.text, lat: p.lat, lng: p.lng, source } });
    setProblem(null);
    // Name the place for the resident (and the crew) from the nearest address on file.
    try {
      const a = await api.nearestAddress(p.lat, p.lng);
      update({ place: { text: a.fullAddress, addressId: undefined, zipcode: a.zipcode, lat: p.lat, lng: p.lng, source } });
    } catch {
      /* the pin alone is enough */
    }
  };

  const useMyLocation = () => {
    if (!navigator.geolocation) return setProblem(t('place.locationFailed'));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        void pinAt({ lat: Number(pos.coords.latitude.toFixed(6)), lng: Number(pos.coords.longitude.toFixed(6)) }, 'gps');
      },
      () => {
        setLocating(false);
        setProblem(t('place.locationFailed'));
      },
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!hasPlace) return setProblem(t('place.required'));
        next();
      }}
    >
      <StepHeading>{t('place.heading')}</StepHeading>
      <AddressField
        value={place.text}
        invalid={Boolean(problem) && !hasPlace}
        onType={(text) => update({ place: { ...place, text, addressId: undefined, zipcode: undefined, source: place.source === 'address' ? 'typed' : (place.source ?? 'typed') } })}
        onPick={(a) => update({ place: { text: a.fullAddress, addressId: a.id, zipcode: a.zipcode, lat: a.lat, lng: a.lng, source: 'address' } })}
      />
      <div className="row">
        <button type="button" className="button secondary" onClick={useMyLocation} disabled={locating}>
          {locating ? t('place.locating') : t('place.useLocation')}
        </button>
        <button type="button" className="button secondary" aria-expanded={mapOpen} onClick={() => setMapOpen((o) => !o)}>
          {mapOpen ? t('place.hideMap') : t('place.showMap')}
        </button>
      </div>
      {mapOpen && config.data && (
        <Suspense fallback={<p>{t('app.loading')}</p>}>
          <p className="hint">{t('place.mapHint')}</p>
          <LeafletMap
            centre={place.lat !== undefined ? { lat: place.lat, lng: place.lng! } : config.data.city.centre}
            zoom={16}
            pin={place.lat !== undefined ? { lat: place.lat, lng: place.lng! } : undefined}
            label={t('place.mapLabel')}
            onPick={(p) => void pinAt(p, 'map')}
          />
        </Suspense>
      )}
      {place.lat !== undefined && (
        <p className="chosen" role="status">
          {t('place.chosen', { place: place.text || t('place.pinned') })}
        </p>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button primary">
          {t('app.continue')}
        </button>
      </div>
    </form>
  );
}
