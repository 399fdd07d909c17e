import { useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { useMay, useSignOut, type SessionUser } from "../shared/session";
import { HealthBadge } from "../shared/ui/HealthBadge";
import { LanguagePicker } from "../shared/ui/LanguagePicker";
import "./shell.css";

/** The frame every screen lives in: navigation by permission, the user menu, the health
 * badge. */
export function Shell({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const signOut = useSignOut(false);
  const signOutEverywhere = useSignOut(true);
  const menuId = useId();
  const menu = useUserMenu();
  const may = useMay();
  const links = [
    { to: "/", label: t("nav.home"), end: true, needs: null },
    { to: "/routes", label: t("nav.routes"), end: false, needs: "routes.read" },
    { to: "/caller-lists", label: t("nav.callerLists"), end: false, needs: "routes.read" },
  ].filter((link) => link.needs === null || may(link.needs));
  return (
    <div className="shell">
      <a className="skip" href="#main">{t("app.skipToContent")}</a>
      <header className="shell__top">
        <span className="shell__brand">{t("app.name")}</span>
        <nav aria-label={t("nav.label")}>
          <ul>
            {links.map((link) => (
              <li key={link.to}><NavLink to={link.to} end={link.end}>{link.label}</NavLink></li>
            ))}
          </ul>
        </nav>
        <HealthBadge />
        <details className="shell__user" ref={menu}>
          <summary aria-controls={menuId}>{user.display_name || user.login}</summary>
          <div id={menuId} className="shell__menu" role="group" aria-label={t("user.menu")}>
            <p>{t("user.signedInAs", { name: user.login, rank: t(`rank.${user.rank}`) })}</p>
            <LanguagePicker />
            <Link to="/account/password">{t("password.title")}</Link>
            <Link to="/account/two-factor">{t("twoFactor.title")}</Link>
            <Link to="/account/tokens">{t("tokens.title")}</Link>
            <button type="button" onClick={() => signOut.mutate()}>{t("user.signOut")}</button>
            <button type="button" className="secondary" onClick={() => signOutEverywhere.mutate()}>
              {t("user.signOutEverywhere")}
            </button>
          </div>
        </details>
      </header>
      <main id="main" className="shell__main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

/** The user menu closes as menus do: on Escape (focus back on its button), on a click
 *  outside it, and when the page changes. */
function useUserMenu() {
  const menu = useRef<HTMLDetailsElement>(null);
  const { pathname } = useLocation();
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const details = menu.current;
      if (event.key === "Escape" && details?.open) {
        details.open = false;
        details.querySelector("summary")?.focus();
      }
    }
    function onPointer(event: PointerEvent) {
      const details = menu.current;
      if (details?.open && event.target instanceof Node && !details.contains(event.target)) {
        details.open = false;
      }
    }
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, []);
  return menu;
}
