import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { createHashRouter, Navigate, Outlet, RouterProvider, useLocation, useNavigate } from 'react-router';
import { ApiError, PASSWORD_CHANGE_EVENT, SIGNED_OUT_EVENT } from './api/client';
import { ErrorAlert, Loading } from './components/status';
import { ConsoleLayout } from './layout/ConsoleLayout';
import { useMe } from './lib/session';

// Every page is its own chunk: the sign-in screen does not download the dashboard chart.
const SignIn = lazy(() => import('./pages/SignIn'));
const ForgotPassword = lazy(() => import('./pages/ForgotPassword'));
const ResetPassword = lazy(() => import('./pages/ResetPassword'));
const AcceptInvitation = lazy(() => import('./pages/AcceptInvitation'));
const ChangeTemporaryPassword = lazy(() => import('./pages/ChangeTemporaryPassword'));
const Dashboard = lazy(() => import('./pages/Dashboard'));
const Deposits = lazy(() => import('./pages/Deposits'));
const Reservations = lazy(() => import('./pages/Reservations'));
const Withdrawals = lazy(() => import('./pages/Withdrawals'));
const Whitelist = lazy(() => import('./pages/Whitelist'));
const Wallets = lazy(() => import('./pages/Wallets'));
const WalletDetail = lazy(() => import('./pages/WalletDetail'));
const ExternalWallets = lazy(() => import('./pages/ExternalWallets'));
const Transactions = lazy(() => import('./pages/Transactions'));
const Settings = lazy(() => import('./pages/Settings'));
const MyAccount = lazy(() => import('./pages/MyAccount'));
const SubPartners = lazy(() => import('./pages/sub-partners/SubPartners'));
const SubPartnerDetail = lazy(() => import('./pages/sub-partners/SubPartnerDetail'));
const SubPartnerActivity = lazy(() => import('./pages/sub-partners/Activity'));
const Revenue = lazy(() => import('./pages/sub-partners/Revenue'));
const GasRecords = lazy(() => import('./pages/gas/GasRecords'));
const Invoices = lazy(() => import('./pages/gas/Invoices'));
const InvoiceDetail = lazy(() => import('./pages/gas/InvoiceDetail'));
const Exports = lazy(() => import('./pages/finance/Exports'));

function isSignedOut(e: unknown): boolean {
  return (
    e instanceof ApiError &&
    (e.status === 401 ||
      [
        'SESSION_EXPIRED',
        'SESSION_REVOKED',
        'UNAUTHENTICATED',
        'ACCOUNT_DEACTIVATED',
        'PARTNER_SUSPENDED',
      ].includes(e.code))
  );
}

/** Pages behind a session: the shell once /console/me answers, the sign-in page when it cannot. */
function RequireSession() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError) {
    if (isSignedOut(me.error))
      return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
    return <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />;
  }
  return (
    <ConsoleLayout me={me.data}>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </ConsoleLayout>
  );
}

function Public() {
  return (
    <Suspense fallback={<Loading />}>
      <Outlet />
    </Suspense>
  );
}

/** The session ended elsewhere (refresh refused): forget cached data and go to sign-in. */
function SignedOutWatcher() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useEffect(() => {
    const onSignedOut = () => {
      queryClient.clear();
      void navigate('/sign-in', { replace: true });
    };
    // A temporary password must be changed before anything else answers.
    const onPasswordChange = () => void navigate('/change-password', { replace: true });
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    window.addEventListener(PASSWORD_CHANGE_EVENT, onPasswordChange);
    return () => {
      window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
      window.removeEventListener(PASSWORD_CHANGE_EVENT, onPasswordChange);
    };
  }, [navigate, queryClient]);
  return <Outlet />;
}

// Hash routes: links in emails are /console/#/reset-password?token=…, and S3 serves one file.
const router = createHashRouter([
  {
    element: <SignedOutWatcher />,
    children: [
      {
        element: <Public />,
        children: [
          { path: '/sign-in', element: <SignIn /> },
          { path: '/forgot-password', element: <ForgotPassword /> },
          { path: '/reset-password', element: <ResetPassword /> },
          { path: '/accept-invitation', element: <AcceptInvitation /> },
          { path: '/change-password', element: <ChangeTemporaryPassword /> },
        ],
      },
      {
        element: <RequireSession />,
        children: [
          { index: true, element: <Dashboard /> },
          { path: '/deposits', element: <Deposits /> },
          { path: '/deposits/reservations', element: <Reservations /> },
          { path: '/withdrawals', element: <Withdrawals /> },
          { path: '/withdrawals/whitelist', element: <Whitelist /> },
          { path: '/wallets', element: <Wallets /> },
          { path: '/wallets/external', element: <ExternalWallets /> },
          { path: '/wallets/:network/:address', element: <WalletDetail /> },
          { path: '/transactions', element: <Transactions /> },
          { path: '/sub-partners', element: <SubPartners /> },
          { path: '/sub-partners/activity', element: <SubPartnerActivity /> },
          { path: '/sub-partners/revenue', element: <Revenue /> },
          { path: '/sub-partners/:code', element: <SubPartnerDetail /> },
          { path: '/gas/records', element: <GasRecords /> },
          { path: '/gas/invoices', element: <Invoices /> },
          { path: '/gas/invoices/:number', element: <InvoiceDetail /> },
          { path: '/finance/exports', element: <Exports /> },
          { path: '/settings', element: <Settings /> },
          { path: '/account', element: <MyAccount /> },
          { path: '*', element: <Navigate to="/" replace /> },
        ],
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
