// The desk's notification bar: a counter per kind of news (the seed's icons), kept live
// by the desk's stream; a kind opens its notifications, each leading to its ticket and
// read once opened. A sound and the browser's own notifications, if the agent wants them.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlarmClock, ArrowRightLeft, AtSign, Bell, BellRing, Inbox, MailWarning,
         MessageSquare, PhoneMissed, Timer, UserX, Zap, type LucideIcon } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap, type Schemas } from "../shared/api/client";
import { formatMoment } from "../shared/i18n";
import { Menu, MenuItem, MenuLabel, MenuLink, MenuSeparator } from "../shared/ui/Menu";

type Kind = NonNullable<Schemas["MarkRead"]["kind"]>;
const KINDS: [Kind, LucideIcon][] = [
  ["customer_reply", MessageSquare], ["new_ticket", Inbox], ["reaction_time_passed", Timer],
  ["resolution_time_passed", AlarmClock], ["mention", AtSign], ["snooze_ended", BellRing],
  ["transferred_to_me", ArrowRightLeft], ["reply_on_closed", MailWarning], ["rule", Zap],
  ["no_agent", UserX], ["callback_returned", PhoneMissed]];
const SOUND_KEY = "ringdesk.notificationSound";

export function NotificationBar() {
  const { t } = useTranslation();
  const found = useQuery({ queryKey: ["notifications"],
                           queryFn: async () => unwrap(await api.GET("/api/v1/notifications")) });
  const counters = found.data?.counters ?? {};
  const total = Object.values(counters).reduce((sum, count) => sum + count, 0);
  useAnnounce(total, found.data?.items[0]);
  const shown = KINDS.filter(([kind]) => (counters[kind] ?? 0) > 0);
  return (
    <div className="notification-bar" role="group" aria-label={t("notifications.label")}>
      {shown.length === 0 ? (
        <KindMenu kind={null} icon={Bell} count={0} items={[]} />
      ) : shown.map(([kind, icon]) => (
        <KindMenu key={kind} kind={kind} icon={icon} count={counters[kind] ?? 0}
                  items={(found.data?.items ?? []).filter((item) => item.kind === kind)} />
      ))}
    </div>
  );
}

function KindMenu({ kind, icon: Icon, count, items }: {
  kind: Kind | null; icon: LucideIcon; count: number; items: Schemas["NotificationItem"][] }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const read = useMutation({
    mutationFn: async (body: Schemas["MarkRead"]) =>
      unwrap(await api.POST("/api/v1/notifications/read", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["notifications"] }),
  });
  const label = kind === null ? t("notifications.none")
    : t(`notifications.kinds.${kind}`, { count });
  return (
    <Menu label={label} trigger={
      <button type="button" className="notification-bar__kind" aria-label={label} title={label}>
        <Icon aria-hidden="true" size={20} />
        {count > 0 && <span className="notification-bar__count">{count > 99 ? "99+" : count}</span>}
      </button>
    }>
      <MenuLabel>{label}</MenuLabel>
      {items.map((item) => (
        <MenuLink key={item.id}>
          <Link to={item.ticket_id === null ? "/tickets" : `/tickets/${item.ticket_id}`}
                onClick={() => read.mutate({ ids: [item.id] })}>
            {item.ticket_id === null ? t(`notifications.kinds.${item.kind}`, { count: 1 })
              : t("notifications.ticket", { id: item.ticket_id })}
            {" · "}{formatMoment(item.at, i18n.language)}
          </Link>
        </MenuLink>
      ))}
      {kind !== null && count > 0 && (
        <>
          <MenuSeparator />
          <MenuItem onSelect={() => read.mutate({ kind })}>{t("notifications.markRead")}</MenuItem>
        </>
      )}
      <MenuSeparator />
      <Preferences />
    </Menu>
  );
}

function Preferences() {
  const { t } = useTranslation();
  const [sound, setSound] = useState(() => localStorage.getItem(SOUND_KEY) === "on");
  const [allowed, setAllowed] = useState(() =>
    typeof Notification === "undefined" ? "denied" : Notification.permission);
  return (
    <>
      <MenuItem onSelect={() => {
        localStorage.setItem(SOUND_KEY, sound ? "off" : "on");
        setSound(!sound);
      }}>{sound ? t("notifications.soundOff") : t("notifications.soundOn")}</MenuItem>
      {allowed === "default" && (
        <MenuItem onSelect={() => {
          void Notification.requestPermission().then(setAllowed);
        }}>{t("notifications.allowBrowser")}</MenuItem>
      )}
    </>
  );
}

/** More news than before: a short tone if the agent wants one, and the browser's own
 *  notification if they allowed it. */
function useAnnounce(total: number, newest: Schemas["NotificationItem"] | undefined) {
  const { t } = useTranslation();
  const before = useRef<number | null>(null);
  useEffect(() => {
    const previous = before.current;
    before.current = total;
    if (previous === null || total <= previous || !newest) return;
    if (localStorage.getItem(SOUND_KEY) === "on") beep();
    if (typeof Notification !== "undefined" && Notification.permission === "granted") {
      new Notification(t(`notifications.kinds.${newest.kind}`, { count: 1 }));
    }
  }, [total, newest, t]);
}

function beep() {
  const context = new AudioContext();
  const tone = context.createOscillator();
  tone.frequency.value = 880;
  tone.connect(context.destination);
  tone.start();
  tone.stop(context.currentTime + 0.15);
  tone.onended = () => { void context.close(); };
}

