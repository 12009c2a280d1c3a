import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useAuth } from './auth.tsx';
import { Layout } from './components/Layout.tsx';
import { SignInPage } from './pages/SignIn.tsx';
import { DashboardPage } from './pages/Dashboard.tsx';
import { CountsReportReferralsPage } from './pages/counts-reports/CountsReportReferrals.tsx';
import { CeListPage } from './pages/matching/CeList.tsx';
import { OpeningsPage } from './pages/matching/Openings.tsx';
import { RematchQueuePage } from './pages/matching/RematchQueue.tsx';
import { ProjectsPage } from './pages/Projects.tsx';
import { NotFoundPage } from './pages/NotFound.tsx';
import { AdminAgenciesPage } from './pages/admin/Agencies.tsx';
import { AdminProjectEditPage, AdminProjectsPage } from './pages/admin/Projects.tsx';
import { AdminUserEditPage, AdminUsersPage } from './pages/admin/Users.tsx';
import { AuditPage } from './pages/Audit.tsx';
import { ProfilePage } from './pages/Profile.tsx';
import { ResetPasswordPage } from './pages/ResetPassword.tsx';
import { AccountSetup } from './pages/AccountSetup.tsx';
import { NotificationsPage } from './pages/Notifications.tsx';
import { OutboxPage } from './pages/Outbox.tsx';
import { ClientSearchPage } from './pages/clients/ClientSearch.tsx';
import { NewClientPage } from './pages/clients/NewClient.tsx';
import { ClientProfilePage } from './pages/client/ClientProfile.tsx';
import { ReferralListPage } from './pages/referrals/ReferralList.tsx';
import { ReferralDetailPage } from './pages/referrals/ReferralDetail.tsx';
import { AdminReferralConfigPage } from './pages/admin/ReferralConfig.tsx';
import { AdminHolidaysPage } from './pages/admin/Holidays.tsx';
import { AdminHudExportPage } from './pages/admin/HudExport.tsx';
import { AdminHudImportPage } from './pages/admin/HudImport.tsx';
import { NewEnrollmentPage } from './pages/enrollments/NewEnrollment.tsx';
import { EnrollmentPage } from './pages/enrollments/EnrollmentPage.tsx';
import { TransferQueuePage } from './pages/transfers/TransferQueue.tsx';
import { TransferRequestPage } from './pages/transfers/TransferRequest.tsx';
import { TransferDetailPage } from './pages/transfers/TransferDetail.tsx';
import { TransferLogPage } from './pages/transfers/TransferLog.tsx';

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
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
