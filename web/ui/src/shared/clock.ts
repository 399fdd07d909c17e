// Running time on screen: a clock that ticks every second, and durations as people read them.
import { useEffect, useState } from "react";

/** The time now, moving every second: durations on screen run as the call does. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** 0:07, 4:32, 1:02:09: the time since a moment. */
export function duration(fromIso: string, now: number): string {
  return clock(Math.floor((now - new Date(fromIso).getTime()) / 1000));
}

export function clock(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}
