// How each kind of node looks on the canvas and in the palette: an icon and a colour family,
// so a route reads at a glance (conditions, what the caller hears, where the call goes).
import {
  BellRing, CalendarDays, Clock, Headset, Keyboard, PhoneForwarded, PhoneOff, Puzzle, Star,
  Ticket, Users, Voicemail, Volume2, type LucideIcon,
} from "lucide-react";

export type Family = "condition" | "caller" | "destination" | "data" | "other";

const KINDS: Record<string, { icon: LucideIcon; family: Family }> = {
  time_condition: { icon: Clock, family: "condition" },
  holiday: { icon: CalendarDays, family: "condition" },
  vip: { icon: Star, family: "condition" },
  ivr_menu: { icon: Keyboard, family: "caller" },
  announcement: { icon: Volume2, family: "caller" },
  ring: { icon: BellRing, family: "destination" },
  queue: { icon: Users, family: "destination" },
  agent: { icon: Headset, family: "destination" },
  transfer: { icon: PhoneForwarded, family: "destination" },
  voicemail: { icon: Voicemail, family: "destination" },
  hangup: { icon: PhoneOff, family: "destination" },
  ticket_fields: { icon: Ticket, family: "data" },
};

/** A plugin's node type gets the puzzle piece: known to work, not drawn by us. */
export function kindOf(type: string): { icon: LucideIcon; family: Family } {
  return KINDS[type] ?? { icon: Puzzle, family: "other" };
}
