import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfig } from '../hooks.js';

export interface MapMarker {
  id: string;
  lat: number;
  lng: number;
  label: string;
  href?: string;
}

export interface LeafletMapProps {
  centre: { lat: number; lng: number };
  zoom?: number;
  pin?: { lat: number; lng: number } | undefined;
  markers?: MapMarker[];
  label: string;
  onPick?: (p: { lat: number; lng: number }) => void;
  /** Zoom out to show every marker when they change. */
  fitMarkers?: boolean;
}

/**
 * The map is an enhancement: with no tiles (no network, a blocked tile server) it still shows
 * the pin and markers on a plain background, and everything it does can be done without it.
 */
export default function LeafletMap({ centre, zoom = 15, pin, markers = [], label, onPick, fitMarkers = false }: LeafletMapProps) {
  const { t } = useTranslation();
  const tileUrl = useConfig().data?.tileUrl;
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const pinLayer = useRef<L.CircleMarker | null>(null);
  const markerLayer = useRef<L.LayerGroup | null>(null);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
  const [tilesFailed, setTilesFailed] = useState(false);
  const zoomControl = useRef<L.Control.Zoom | null>(null);
  const lang = t('map.zoomIn');

  // The zoom buttons speak the page's language too.
  useEffect(() => {
    const m = map.current;
    if (!m || !zoomControl.current) return;
    zoomControl.current.remove();
    zoomControl.current = L.control.zoom({ zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') }).addTo(m);
  }, [lang]);

  useEffect(() => {
    if (!box.current) return;
    const m = L.map(box.current, { center: [centre.lat, centre.lng], zoom, keyboard: true, attributionControl: true, zoomControl: false });
    zoomControl.current = L.control.zoom({ zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') }).addTo(m);
    map.current = m;
    markerLayer.current = L.layerGroup().addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => pickRef.current?.({ lat: Number(e.latlng.lat.toFixed(6)), lng: Number(e.latlng.lng.toFixed(6)) }));
    return () => {
      m.remove();
      map.current = null;
    };
    // The map is created once; later centre changes pan it (below).
  }, []);

  useEffect(() => {
    if (!map.current || !tileUrl) return;
    let errors = 0;
    const layer = L.tileLayer(tileUrl, { maxZoom: 19, attribution: '© OpenStreetMap' });
    layer.on('tileerror', () => {
      errors += 1;
      if (errors >= 2) setTilesFailed(true);
    });
    layer.on('tileload', () => setTilesFailed(false));
    layer.addTo(map.current);
    return () => void layer.remove();
  }, [tileUrl]);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    pinLayer.current?.remove();
    pinLayer.current = null;
    if (pin) {
      pinLayer.current = L.circleMarker([pin.lat, pin.lng], { radius: 11, color: '#fff', weight: 3, fillColor: '#b3261e', fillOpacity: 1 }).addTo(m);
      if (!m.getBounds().pad(-0.2).contains([pin.lat, pin.lng])) m.panTo([pin.lat, pin.lng]);
    }
  }, [pin?.lat, pin?.lng]);

  useEffect(() => {
    map.current?.setView([centre.lat, centre.lng], map.current.getZoom());
  }, [centre.lat, centre.lng]);

  useEffect(() => {
    const group = markerLayer.current;
    if (!group) return;
    group.clearLayers();
    for (const mk of markers) {
      const c = L.circleMarker([mk.lat, mk.lng], { radius: 8, color: '#fff', weight: 2, fillColor: '#1f5fa8', fillOpacity: 0.95 });
      c.bindTooltip(mk.label);
      if (mk.href) c.on('click', () => location.assign(mk.href!));
      c.addTo(group);
    }
    if (fitMarkers && markers.length && map.current) {
      const bounds = L.latLngBounds(markers.map((mk) => [mk.lat, mk.lng] as [number, number]));
      bounds.extend([centre.lat, centre.lng]);
      map.current.fitBounds(bounds.pad(0.15), { maxZoom: 16 });
    }
  }, [markers]);

  return (
    <div className={`map-wrap${tilesFailed ? ' no-tiles' : ''}`}>
      {/* React must never re-render this div's class: Leaflet adds its own to it. */}
      <div ref={box} className="map" role="application" aria-label={label} />
      {tilesFailed && <p className="hint">{t('place.tilesFailed')}</p>}
    </div>
  );
}
