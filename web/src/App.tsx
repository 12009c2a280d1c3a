import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useAuth } from './auth.tsx';
import { Layout } from './components/Layout.tsx';
import { SignInPage } from './pages/SignIn.tsx';
import { DashboardPage } from './pages/Dashboard.tsx';
import { ProjectsPage } from './pages/Projects.tsx';
import { NotFoundPage } from './pages/NotFound.tsx';

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
        <Route path="*" element={<Navigate to={`/signin?next=${encodeURIComponent(location.pathname)}`} replace />} />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route path="/signin" element={<Navigate to="/" replace />} />
      <Route element={<Layout />}>
        <Route index element={<DashboardPage />} />
        <Route path="projects" element={<ProjectsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
