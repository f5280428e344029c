import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { lazy, Suspense } from 'react';
import { Spin } from 'antd';
import { RequireAuth } from '../features/auth/components/RequireAuth';
import { SignInPage } from '../features/auth/components/SignInPage';
import { NotYetPage } from '../features/placeholders/components/NotYetPage';
import { AppLayout } from '../shared/AppLayout';
import { queryClient } from './query-client';

// Each page its own chunk: the first load carries the sign-in page and the frame only.
const BoardPage = lazy(() =>
  import('../features/cases/components/BoardPage').then((m) => ({ default: m.BoardPage })),
);
const CasePage = lazy(() =>
  import('../features/cases/components/CasePage').then((m) => ({ default: m.CasePage })),
);
const IntakePage = lazy(() =>
  import('../features/intake/components/IntakePage').then((m) => ({ default: m.IntakePage })),
);
const ChangePasswordPage = lazy(() =>
  import('../features/auth/components/ChangePasswordPage').then((m) => ({ default: m.ChangePasswordPage })),
);
const CallbacksPage = lazy(() =>
  import('../features/quality/components/CallbacksPage').then((m) => ({ default: m.CallbacksPage })),
);
const SamplesPage = lazy(() =>
  import('../features/quality/components/SamplesPage').then((m) => ({ default: m.SamplesPage })),
);
const SampleRecordPage = lazy(() =>
  import('../features/quality/components/SampleRecordPage').then((m) => ({ default: m.SampleRecordPage })),
);
// The report pages load on demand, ECharts with them: the desk's first load carries none of it.
const ComplaintRatePage = lazy(() =>
  import('../features/reports/components/ComplaintRatePage').then((m) => ({ default: m.ComplaintRatePage })),
);
const CompliancePage = lazy(() =>
  import('../features/reports/components/CompliancePage').then((m) => ({ default: m.CompliancePage })),
);
const CallbacksReportPage = lazy(() =>
  import('../features/reports/components/CallbacksReportPage').then((m) => ({
    default: m.CallbacksReportPage,
  })),
);
const HotlineReportPage = lazy(() =>
  import('../features/reports/components/HotlineReportPage').then((m) => ({ default: m.HotlineReportPage })),
);
const AuditPage = lazy(() =>
  import('../features/audit/components/AuditPage').then((m) => ({ default: m.AuditPage })),
);
const OutboxPage = lazy(() =>
  import('../features/notifications/components/OutboxPage').then((m) => ({ default: m.OutboxPage })),
);
const TemplatesPage = lazy(() =>
  import('../features/notifications/components/TemplatesPage').then((m) => ({ default: m.TemplatesPage })),
);
const WebhooksPage = lazy(() =>
  import('../features/notifications/components/WebhooksPage').then((m) => ({ default: m.WebhooksPage })),
);

export function App() {
  const { i18n } = useTranslation();
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} button={{ autoInsertSpace: false }}>
        <AntApp>
          <BrowserRouter>
            <Suspense fallback={<Spin fullscreen />}>
              <Routes>
                <Route path="/sign-in" element={<SignInPage />} />
                <Route path="/change-password" element={<ChangePasswordPage />} />
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  <Route index element={<Navigate to="/board" replace />} />
                  <Route path="/board" element={<BoardPage />} />
                  <Route path="/intake" element={<IntakePage />} />
                  {/* The paths messages link to (libs/domain console-links.ts). */}
                  <Route path="/cases/:number" element={<CasePage />} />
                  <Route path="/complaints/:number" element={<NotYetPage page="complaint" />} />
                  <Route path="/escalations" element={<NotYetPage page="escalations" />} />
                  <Route path="/callbacks" element={<CallbacksPage />} />
                  <Route path="/samples" element={<SamplesPage />} />
                  <Route path="/samples/:month" element={<SampleRecordPage />} />
                  <Route path="/reports" element={<Navigate to="/reports/complaint-rate" replace />} />
                  <Route path="/reports/complaint-rate" element={<ComplaintRatePage />} />
                  <Route path="/reports/compliance" element={<CompliancePage />} />
                  <Route path="/reports/callbacks" element={<CallbacksReportPage />} />
                  <Route path="/reports/hotline" element={<HotlineReportPage />} />
                  <Route path="/audit" element={<AuditPage />} />
                  <Route path="/notifications" element={<OutboxPage />} />
                  <Route path="/notifications/templates" element={<TemplatesPage />} />
                  <Route path="/notifications/webhooks" element={<WebhooksPage />} />
                  <Route path="*" element={<Navigate to="/board" replace />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
