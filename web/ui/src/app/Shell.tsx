import * as Sheet from "@radix-ui/react-dialog";
import { ChevronDown, Menu as MenuIcon, X } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet } from "react-router";
import { LANGUAGES, chooseLanguage, type Language } from "../shared/i18n";
import { useMay, useSignOut, type SessionUser } from "../shared/session";
import { Button } from "../shared/ui/Button";
import { HealthBadge } from "../shared/ui/HealthBadge";
import { Menu, MenuChoice, MenuItem, MenuLabel, MenuLink, MenuSeparator } from "../shared/ui/Menu";
import { ToastProvider } from "../shared/ui/Toast";
import "./shell.css";
import { UnsavedProvider } from "../shared/ui/LeaveGuard";
import { useDeskEvents } from "../shared/desk";
import { NotificationBar } from "./NotificationBar";
import { MyMode } from "./MyMode";
import { ScreenPop } from "./ScreenPop";

/** The frame every screen lives in: navigation by permission, the user menu, the health
 *  badge. Below 900 px the navigation folds into a menu button. */
export function Shell({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const may = useMay();
  useDeskEvents(may("tickets.read"));
  const links = [
    { to: "/", label: t("nav.home"), end: true, needs: null },
    { to: "/tickets", label: t("nav.tickets"), end: false, needs: "tickets.read" },
    { to: "/customers", label: t("nav.customers"), end: false, needs: "customers.read" },
    { to: "/live", label: t("nav.live"), end: false, needs: "live.view" },
    { to: "/reports", label: t("nav.reports"), end: false, needs: "reports" },
    { to: "/routes", label: t("nav.routes"), end: false, needs: "routes.read" },
    { to: "/caller-lists", label: t("nav.callerLists"), end: false, needs: "routes.read" },
    { to: "/pbx", label: t("nav.pbx"), end: false, needs: "pbx.read" },
    { to: "/helpdesk", label: t("nav.helpdesk"), end: false, needs: "helpdesk.write" },
    { to: "/users", label: t("nav.users"), end: false, needs: "users.read" },
    { to: "/audit", label: t("nav.audit"), end: false, needs: "audit.read" },
  ].filter((link) => link.needs === null || may(link.needs));
  const navigation = (onNavigate?: () => void) => (
    <ul>
      {links.map((link) => (
        <li key={link.to}>
          <NavLink to={link.to} end={link.end} onClick={onNavigate}>{link.label}</NavLink>
        </li>
      ))}
    </ul>
  );
  return (
    <ToastProvider>
      <div className="shell">
        <a className="skip" href="#main">{t("app.skipToContent")}</a>
        <header className="shell__top">
          <NavigationSheet>{navigation}</NavigationSheet>
          <Link to="/" className="shell__brand">{t("app.name")}</Link>
          <nav aria-label={t("nav.label")} className="shell__nav">{navigation()}</nav>
          {may("tickets.read") && <NotificationBar />}
          {may("agents.set_mode") && <MyMode />}
          <HealthBadge />
          <UserMenu user={user} />
        </header>
        <main id="main" className="shell__main" tabIndex={-1}>
          <UnsavedProvider><Outlet /></UnsavedProvider>
        </main>
        {may("tickets.read") && <ScreenPop />}
      </div>
    </ToastProvider>
  );
}

/** The navigation on a narrow screen: a sheet from the left, closed by Escape, a click
 *  outside, its close button or following a link. */
function NavigationSheet({ children }: { children: (onNavigate: () => void) => React.ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Sheet.Root open={open} onOpenChange={setOpen}>
      <Sheet.Trigger asChild>
        <Button variant="ghost" iconOnly icon={MenuIcon} className="shell__menu-button"
                aria-label={t("nav.open")} title={t("nav.open")} />
      </Sheet.Trigger>
      <Sheet.Portal>
        <Sheet.Overlay className="dialog__overlay" />
        <Sheet.Content className="shell__sheet" aria-describedby={undefined}>
          <div className="shell__sheet-head">
            <Sheet.Title className="shell__brand">{t("app.name")}</Sheet.Title>
            <Sheet.Close asChild>
              <Button variant="ghost" iconOnly icon={X} aria-label={t("common.close")} />
            </Sheet.Close>
          </div>
          <nav aria-label={t("nav.label")}>{children(() => setOpen(false))}</nav>
        </Sheet.Content>
      </Sheet.Portal>
    </Sheet.Root>
  );
}

function UserMenu({ user }: { user: SessionUser }) {
  const { t, i18n } = useTranslation();
  const signOut = useSignOut(false);
  const signOutEverywhere = useSignOut(true);
  const name = user.display_name || user.login;
  return (
    <Menu label={t("user.menu")} trigger={
      <button type="button" className="btn btn--ghost shell__user">
        <span className="shell__avatar" aria-hidden="true">{name.slice(0, 1).toUpperCase()}</span>
        <span className="shell__user-name">{name}</span>
        <ChevronDown size={16} aria-hidden="true" />
      </button>
    }>
      <MenuLabel>{t("user.signedInAs", { name: user.login, rank: t(`rank.${user.rank}`) })}</MenuLabel>
      <MenuSeparator />
      <MenuLink><Link to="/account/password">{t("password.title")}</Link></MenuLink>
      <MenuLink><Link to="/account/two-factor">{t("twoFactor.title")}</Link></MenuLink>
      <MenuLink><Link to="/account/tokens">{t("tokens.title")}</Link></MenuLink>
      <MenuLink><Link to="/account/signature">{t("signature.title")}</Link></MenuLink>
      <MenuSeparator />
      <MenuChoice label={t("user.language")} value={i18n.language as Language}
                  choices={LANGUAGES.map((language) => ({
                    value: language, label: t(`language.${language}`) }))}
                  onChange={(language) => { chooseLanguage(language); }} />
      <MenuSeparator />
      <MenuItem onSelect={() => signOut.mutate()}>{t("user.signOut")}</MenuItem>
      <MenuItem onSelect={() => signOutEverywhere.mutate()}>{t("user.signOutEverywhere")}</MenuItem>
    </Menu>
  );
}
