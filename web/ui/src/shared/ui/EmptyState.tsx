import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import "./ui.css";

/** An empty list says what would be here and what to do next. */
export function EmptyState({ icon: Icon, title, children, action }: {
  icon?: LucideIcon; title: string; children?: ReactNode; action?: ReactNode;
}) {
  return (
    <div className="empty">
      {Icon && <Icon size={28} aria-hidden="true" className="muted" />}
      <h2>{title}</h2>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}

/** Grey lines where content is on its way: the layout does not jump when it arrives. */
export function Skeleton({ lines = 3, label }: { lines?: number; label: string }) {
  return (
    <div className="skeleton" role="status" aria-label={label}>
      {Array.from({ length: lines }, (_, index) => (
        <span key={index} style={{ width: `${90 - (index % 3) * 20}%` }} />
      ))}
    </div>
  );
}
