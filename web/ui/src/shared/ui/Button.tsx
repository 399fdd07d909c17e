import type { LucideIcon } from "lucide-react";
import type { ButtonHTMLAttributes, Ref } from "react";
import "./ui.css";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  icon?: LucideIcon;
  /** Only an icon shows: the label goes to `aria-label` and the tooltip. */
  iconOnly?: boolean;
  ref?: Ref<HTMLButtonElement>;
}

/** A button with its place in the hierarchy: one primary action per view, secondary ones
 *  beside it, ghost ones in toolbars and menus, danger for what cannot be undone. */
export function Button({ variant = "secondary", icon: Icon, iconOnly = false, className,
                         children, type = "button", ref, ...rest }: ButtonProps) {
  const classes = ["btn", `btn--${variant}`, iconOnly ? "btn--icon" : "", className ?? ""]
    .filter(Boolean).join(" ");
  return (
    <button ref={ref} type={type} className={classes} {...rest}>
      {Icon && <Icon size={18} aria-hidden="true" />}
      {!iconOnly && children}
    </button>
  );
}
