import { lazy, type ComponentType } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useAuth } from './auth.tsx';
import { Layout } from './components/Layout.tsx';
import { ProfilePage } from './pages/Profile.tsx';
import { SignInPage } from './pages/SignIn.tsx';
import { DashboardPage } from './pages/Dashboard.tsx';
import { NotFoundPage } from './pages/NotFound.tsx';
import { ResetPasswordPage } from './pages/ResetPassword.tsx';
import { AccountSetup } from './pages/AccountSetup.tsx';

/** Pages load when first opened: the first screen on a slow laptop does not wait for every other one. */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}

const CountsReportReferralsPage = lazyPage(() => import('./pages/counts-reports/CountsReportReferrals.tsx'), 'CountsReportReferralsPage');
const CeListPage = lazyPage(() => import('./pages/matching/CeList.tsx'), 'CeListPage');
const OpeningsPage = lazyPage(() => import('./pages/matching/Openings.tsx'), 'OpeningsPage');
const RematchQueuePage = lazyPage(() => import('./pages/matching/RematchQueue.tsx'), 'RematchQueuePage');
const ProjectsPage = lazyPage(() => import('./pages/Projects.tsx'), 'ProjectsPage');
const CaseloadPage = lazyPage(() => import('./pages/caseload/CaseloadPage.tsx'), 'CaseloadPage');
const AdminAgenciesPage = lazyPage(() => import('./pages/admin/Agencies.tsx'), 'AdminAgenciesPage');
const AdminProjectEditPage = lazyPage(() => import('./pages/admin/Projects.tsx'), 'AdminProjectEditPage');
const AdminProjectsPage = lazyPage(() => import('./pages/admin/Projects.tsx'), 'AdminProjectsPage');
const AdminUserEditPage = lazyPage(() => import('./pages/admin/Users.tsx'), 'AdminUserEditPage');
const AdminUsersPage = lazyPage(() => import('./pages/admin/Users.tsx'), 'AdminUsersPage');
const AuditPage = lazyPage(() => import('./pages/Audit.tsx'), 'AuditPage');
const NotificationsPage = lazyPage(() => import('./pages/Notifications.tsx'), 'NotificationsPage');
const OutboxPage = lazyPage(() => import('./pages/Outbox.tsx'), 'OutboxPage');
const ClientSearchPage = lazyPage(() => import('./pages/clients/ClientSearch.tsx'), 'ClientSearchPage');
const NewClientPage = lazyPage(() => import('./pages/clients/NewClient.tsx'), 'NewClientPage');
const ClientProfilePage = lazyPage(() => import('./pages/client/ClientProfile.tsx'), 'ClientProfilePage');
const ReferralListPage = lazyPage(() => import('./pages/referrals/ReferralList.tsx'), 'ReferralListPage');
const ReferralDetailPage = lazyPage(() => import('./pages/referrals/ReferralDetail.tsx'), 'ReferralDetailPage');
const AdminReferralConfigPage = lazyPage(() => import('./pages/admin/ReferralConfig.tsx'), 'AdminReferralConfigPage');
const AdminHolidaysPage = lazyPage(() => import('./pages/admin/Holidays.tsx'), 'AdminHolidaysPage');
const AdminHudExportPage = lazyPage(() => import('./pages/admin/HudExport.tsx'), 'AdminHudExportPage');
const AdminHudImportPage = lazyPage(() => import('./pages/admin/HudImport.tsx'), 'AdminHudImportPage');
const NewEnrollmentPage = lazyPage(() => import('./pages/enrollments/NewEnrollment.tsx'), 'NewEnrollmentPage');
const EnrollmentPage = lazyPage(() => import('./pages/enrollments/EnrollmentPage.tsx'), 'EnrollmentPage');
const TransferQueuePage = lazyPage(() => import('./pages/transfers/TransferQueue.tsx'), 'TransferQueuePage');
const TransferRequestPage = lazyPage(() => import('./pages/transfers/TransferRequest.tsx'), 'TransferRequestPage');
const TransferDetailPage = lazyPage(() => import('./pages/transfers/TransferDetail.tsx'), 'TransferDetailPage');
const ReportsPage = lazyPage(() => import('./pages/reports/Reports.tsx'), 'ReportsPage');
const ReportFormPage = lazyPage(() => import('./pages/reports/Reports.tsx'), 'ReportFormPage');
const ReportRunPage = lazyPage(() => import('./pages/reports/ReportRun.tsx'), 'ReportRunPage');
const TransferLogPage = lazyPage(() => import('./pages/transfers/TransferLog.tsx'), 'TransferLogPage');

export function App() {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') {
    return (
      <p className="loading" role="status">
        Loading Hearth…
      </p>
    );
  }
  if (state.status === 'signedOut') {
    return (
      <Routes>
        <Route path="/signin" element={<SignInPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="*" element={<Navigate to={`/signin?next=${encodeURIComponent(location.pathname)}`} replace />} />
      </Routes>
    );
  }
  // Two-step verification to set up, an expired password or the user agreement come first.
  if (state.me.restriction !== null || !state.me.agreementCurrent) {
    return (
      <Routes>
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="*" element={<AccountSetup />} />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route path="/signin" element={<Navigate to="/" replace />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route element={<Layout />}>
        <Route index element={<DashboardPage />} />
        <Route path="projects" element={<ProjectsPage />} />
        <Route path="projects/:id/caseload" element={<CaseloadPage />} />
        <Route path="counts-reports/:id" element={<CountsReportReferralsPage />} />
        <Route path="ce-list" element={<CeListPage />} />
        <Route path="openings" element={<OpeningsPage />} />
        <Route path="rematch-queue" element={<RematchQueuePage />} />
        <Route path="transfers" element={<TransferQueuePage />} />
        <Route path="transfers/new" element={<TransferRequestPage />} />
        <Route path="transfers/log" element={<TransferLogPage />} />
        <Route path="transfers/:id" element={<TransferDetailPage />} />
        <Route path="clients" element={<ClientSearchPage />} />
        <Route path="clients/new" element={<NewClientPage />} />
        <Route path="clients/:id" element={<ClientProfilePage />} />
        <Route path="admin/agencies" element={<AdminAgenciesPage />} />
        <Route path="admin/projects" element={<AdminProjectsPage />} />
        <Route path="admin/projects/new" element={<AdminProjectEditPage />} />
        <Route path="admin/projects/:id" element={<AdminProjectEditPage />} />
        <Route path="admin/users" element={<AdminUsersPage />} />
        <Route path="admin/users/new" element={<AdminUserEditPage />} />
        <Route path="admin/users/:id" element={<AdminUserEditPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="admin/outbox" element={<OutboxPage />} />
        <Route path="referrals" element={<ReferralListPage />} />
        <Route path="referrals/:id" element={<ReferralDetailPage />} />
        <Route path="admin/referral-statuses" element={<AdminReferralConfigPage />} />
        <Route path="admin/holidays" element={<AdminHolidaysPage />} />
        <Route path="admin/hud-export" element={<AdminHudExportPage />} />
        <Route path="admin/hud-import" element={<AdminHudImportPage />} />
        <Route path="enrollments/new" element={<NewEnrollmentPage />} />
        <Route path="enrollments/:id" element={<EnrollmentPage />} />
        <Route path="reports" element={<ReportsPage />} />
        <Route path="reports/runs/:id" element={<ReportRunPage />} />
        <Route path="reports/:kind" element={<ReportFormPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
