import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import type { Me } from '../api.js';
import { ChannelsReport } from './ChannelsReport.js';
import { CostSplitReport } from './CostSplitReport.js';
import { HeatmapReport } from './HeatmapReport.js';
import './locales.js';
import { PerformanceReport } from './PerformanceReport.js';
import { REPORTS } from './reportsApi.js';
import './reports.css';
import { SurveysReport } from './SurveysReport.js';
import { TrendsReport } from './TrendsReport.js';
import { YtdReport } from './YtdReport.js';

/** The reports: one screen per report, the filters in the URL (shared between the screens). */
export default function Reports({ me }: { me: Me['user'] }) {
  const { t } = useTranslation();
  const { search } = useLocation();
  useEffect(() => {
    document.title = `${t('console.reports.title')} · ${t('console.title')}`;
  }, [t]);
  return (
    <div className="reports">
      <nav aria-label={t('console.reports.title')} className="reports-nav no-print">
        {REPORTS.map((r) => (
          <NavLink key={r} to={{ pathname: `/console/reports/${r}`, search: keepFilters(search) }}>
            {t(`console.reports.${r}.nav`)}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Navigate to="ytd" replace />} />
        <Route path="ytd" element={<YtdReport me={me} />} />
        <Route path="channels" element={<ChannelsReport me={me} />} />
        <Route path="performance" element={<PerformanceReport me={me} />} />
        <Route path="trends" element={<TrendsReport me={me} />} />
        <Route path="heatmap" element={<HeatmapReport me={me} />} />
        <Route path="cost-split" element={<CostSplitReport me={me} />} />
        <Route path="surveys" element={<SurveysReport me={me} />} />
        <Route path="*" element={<Navigate to="ytd" replace />} />
      </Routes>
    </div>
  );
}

/** Moving to another report keeps the dates and dimensions, not one report's own options. */
function keepFilters(search: string) {
  const p = new URLSearchParams(search);
  p.delete('grain');
  p.delete('cell');
  const s = p.toString();
  return s ? `?${s}` : '';
}
