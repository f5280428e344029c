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
import { AppLayout } from '../shared/AppLayout';
import { queryClient } from './query-client';

// Each page its own chunk: the first load carries the sign-in page and the frame only.
const loadBoard = () => import('../features/cases/components/BoardPage');
const BoardPage = lazy(() => loadBoard().then((m) => ({ default: m.BoardPage })));
// Most visits start on the board: its chunk loads while the session is checked, not after (bench:console).
if (/^\/(board)?$/.test(window.location.pathname)) void loadBoard();
const CasePage = lazy(() =>
  import('../features/cases/components/CasePage').then((m) => ({ default: m.CasePage })),
);
const IntakePage = lazy(() =>
  import('../features/intake/components/IntakePage').then((m) => ({ default: m.IntakePage })),
);
const InboxPage = lazy(() =>
  import('../features/inbox/components/InboxPage').then((m) => ({ default: m.InboxPage })),
);
const CustomersPage = lazy(() =>
  import('../features/customers/components/CustomersPage').then((m) => ({ default: m.CustomersPage })),
);
const CustomerPage = lazy(() =>
  import('../features/customers/components/CustomerPage').then((m) => ({ default: m.CustomerPage })),
);
const MyWorkPage = lazy(() =>
  import('../features/my-work/components/MyWorkPage').then((m) => ({ default: m.MyWorkPage })),
);
const ComplaintPage = lazy(() =>
  import('../features/complaints/components/ComplaintPage').then((m) => ({ default: m.ComplaintPage })),
);
const ComplaintsPage = lazy(() =>
  import('../features/complaints/components/ComplaintsPage').then((m) => ({ default: m.ComplaintsPage })),
);
const PoliciesPage = lazy(() =>
  import('../features/sla-policies/components/PoliciesPage').then((m) => ({ default: m.PoliciesPage })),
);
const PolicyPage = lazy(() =>
  import('../features/sla-policies/components/PolicyPage').then((m) => ({ default: m.PolicyPage })),
);
const CalendarsPage = lazy(() =>
  import('../features/calendars/components/CalendarsPage').then((m) => ({ default: m.CalendarsPage })),
);
const CalendarPage = lazy(() =>
  import('../features/calendars/components/CalendarPage').then((m) => ({ default: m.CalendarPage })),
);
const StaffPage = lazy(() =>
  import('../features/staff/components/StaffPage').then((m) => ({ default: m.StaffPage })),
);
const AccountsPage = lazy(() =>
  import('../features/accounts/components/AccountsPage').then((m) => ({ default: m.AccountsPage })),
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

/**
 * Ant Design's default blue (#1677ff) and its pale greys for placeholders and hints fall short of the 4.5:1
 * contrast WCAG AA asks of text (axe-core's color-contrast rule, run by the browser tests): a darker blue and
 * darker greys, everything else as designed.
 */
const ACCESSIBLE_COLOURS = {
  colorPrimary: '#0958d9',
  colorLink: '#0958d9',
  // Red for danger buttons and field errors: the default #ff4d4f is 3.9:1 on white (and under white text).
  colorError: '#cf1322',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
  colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
  colorTextQuaternary: 'rgba(0, 0, 0, 0.6)',
  colorTextDescription: 'rgba(0, 0, 0, 0.6)',
  colorTextDisabled: 'rgba(0, 0, 0, 0.6)',
};

export function App() {
  const { i18n } = useTranslation();
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={i18n.language === 'en' ? enUS : zhCN}
        button={{ autoInsertSpace: false }}
        theme={{ token: ACCESSIBLE_COLOURS }}
      >
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
                  <Route path="/customers" element={<CustomersPage />} />
                  <Route path="/customers/:id" element={<CustomerPage />} />
                  <Route path="/my-work" element={<MyWorkPage />} />
                  {/* The paths messages link to (libs/domain console-links.ts). */}
                  <Route path="/cases/:number" element={<CasePage />} />
                  <Route path="/complaints" element={<ComplaintsPage />} />
                  <Route path="/complaints/:number" element={<ComplaintPage />} />
                  <Route path="/escalations" element={<InboxPage />} />
                  <Route path="/admin/policies" element={<PoliciesPage />} />
                  <Route path="/admin/policies/:id" element={<PolicyPage />} />
                  <Route path="/admin/calendars" element={<CalendarsPage />} />
                  <Route path="/admin/calendars/:id" element={<CalendarPage />} />
                  <Route path="/admin/staff" element={<StaffPage />} />
                  <Route path="/admin/accounts" element={<AccountsPage />} />
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
