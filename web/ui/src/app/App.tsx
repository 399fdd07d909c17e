import { Suspense, lazy } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes } from "react-router";
import { LoginPage } from "../features/auth/LoginPage";
import { PasswordPage } from "../features/auth/PasswordPage";
import { SignaturePage } from "../features/auth/SignaturePage";
import { TokensPage } from "../features/auth/TokensPage";
import { TwoFactorPage } from "../features/auth/TwoFactorPage";
import { useMay, useSession } from "../shared/session";
import { CallerListsPage } from "../features/caller-lists/CallerListsPage";
import { HomePage } from "../features/home/HomePage";
import { RoutesPage } from "../features/routes/RoutesPage";
import { TicketPage } from "../features/tickets/TicketPage";
import { LivePage } from "../features/live/LivePage";
import { WallboardPage } from "../features/wallboard/WallboardPage";
import { Shell } from "./Shell";

// The builder (and React Flow) load as their own chunk, when a route is opened.
const BuilderPage = lazy(() => import("../features/route-builder/BuilderPage"));
// Reports and their chart library, likewise.
const ReportsPage = lazy(() => import("../features/reports/ReportsPage"));
const TicketsPage = lazy(() => import("../features/tickets/TicketsPage"));
// Admin screens are visited rarely: their own chunk.
const PbxPage = lazy(() => import("../features/pbx-admin/PbxPage"));
const UsersPage = lazy(() => import("../features/people/UsersPage"));
const AuditPage = lazy(() => import("../features/audit/AuditPage"));
const CustomersPage = lazy(() => import("../features/customers/CustomersPage"));
const CustomerPage = lazy(() => import("../features/customers/CustomerPage"));
const HelpdeskAdminPage = lazy(() => import("../features/helpdesk-admin/HelpdeskAdminPage"));

export function App() {
  const { t } = useTranslation();
  const session = useSession();
  const may = useMay();
  // A wall screen signs in with its own token, never a person's session.
  if (window.location.pathname === "/wallboard") return <WallboardPage />;
  if (session.isPending) return <p role="status" className="loading">{t("app.loading")}</p>;
  const user = session.data?.user ?? null;
  if (user === null) {
    return (
      <Routes>
        <Route path="*" element={<LoginPage ended={session.data?.ended ?? null} />} />
      </Routes>
    );
  }
  if (user.must_change_password) return <PasswordPage required />;
  if (session.data?.mustEnrol) return <TwoFactorPage required />;
  const seesRoutes = may("routes.read");
  const editsRoutes = may("routes.write");
  return (
    <Routes>
      <Route element={<Shell user={user} />}>
        <Route index element={<HomePage user={user} />} />
        <Route path="routes" element={seesRoutes ? <RoutesPage canCreate={editsRoutes} />
          : <p role="alert">{t("error.forbidden")}</p>} />
        <Route path="routes/:routeId" element={seesRoutes ? (
          <Suspense fallback={<p role="status">{t("app.loading")}</p>}>
            <BuilderPage canEdit={editsRoutes} />
          </Suspense>) : <p role="alert">{t("error.forbidden")}</p>} />
        {["caller-lists", "caller-lists/:listId"].map((path) => (
          <Route key={path} path={path} element={seesRoutes
            ? <CallerListsPage canEdit={editsRoutes} />
            : <p role="alert">{t("error.forbidden")}</p>} />
        ))}
        <Route path="tickets" element={<Suspense fallback={<p role="status">{t("app.loading")}</p>}>
          <TicketsPage />
        </Suspense>} />
        <Route path="tickets/:ticketId" element={<TicketPage />} />
        <Route path="customers" element={may("customers.read") ? (
          <Suspense fallback={<p role="status">{t("app.loading")}</p>}>
            <CustomersPage />
          </Suspense>) : <p role="alert">{t("error.forbidden")}</p>} />
        <Route path="customers/:contactId" element={may("customers.read") ? (
          <Suspense fallback={<p role="status">{t("app.loading")}</p>}>
            <CustomerPage />
          </Suspense>) : <p role="alert">{t("error.forbidden")}</p>} />
        <Route path="reports" element={may("reports") ? (
          <Suspense fallback={<p role="status">{t("app.loading")}</p>}>
            <ReportsPage />
          </Suspense>) : <p role="alert">{t("error.forbidden")}</p>} />
        {["pbx", "pbx/:tab", "pbx/:tab/:name"].map((path) => (
          <Route key={path} path={path} element={may("pbx.read") ? (
            <Suspense fallback={<p role="status">{t("app.loading")}</p>}>
              <PbxPage />
            </Suspense>) : <p role="alert">{t("error.forbidden")}</p>} />
        ))}
        {["users", "users/:userId"].map((path) => (
          <Route key={path} path={path} element={may("users.read") ? (
            <Suspense fallback={<p role="status">{t("app.loading")}</p>}>
              <UsersPage />
            </Suspense>) : <p role="alert">{t("error.forbidden")}</p>} />
        ))}
        {["helpdesk", "helpdesk/:tab", "helpdesk/:tab/:name"].map((path) => (
          <Route key={path} path={path} element={may("helpdesk.write") ? (
            <Suspense fallback={<p role="status">{t("app.loading")}</p>}>
              <HelpdeskAdminPage />
            </Suspense>) : <p role="alert">{t("error.forbidden")}</p>} />
        ))}
        <Route path="account/signature" element={<SignaturePage />} />
        <Route path="audit" element={may("audit.read") ? (
          <Suspense fallback={<p role="status">{t("app.loading")}</p>}>
            <AuditPage />
          </Suspense>) : <p role="alert">{t("error.forbidden")}</p>} />
        <Route path="live" element={may("live.view") ? <LivePage />
          : <p role="alert">{t("error.forbidden")}</p>} />
        <Route path="account/password" element={<PasswordPage required={false} />} />
        <Route path="account/two-factor" element={<TwoFactorPage required={false} />} />
        <Route path="account/tokens" element={<TokensPage />} />
        <Route path="login" element={<Navigate to="/" replace />} />
        <Route path="*" element={<p role="alert">{t("error.notFound")}</p>} />
      </Route>
    </Routes>
  );
}
