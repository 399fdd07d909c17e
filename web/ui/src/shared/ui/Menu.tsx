import * as Dropdown from "@radix-ui/react-dropdown-menu";
import type { ReactNode } from "react";
import "./ui.css";

/** A menu that behaves as menus do: arrow keys, Escape and a click outside close it, focus
 *  returns to its button, choosing an item closes it. */
export function Menu({ trigger, label, children }: {
  trigger: ReactNode; label: string; children: ReactNode;
}) {
  return (
    <Dropdown.Root modal={false}>
      <Dropdown.Trigger asChild>{trigger}</Dropdown.Trigger>
      <Dropdown.Portal>
        <Dropdown.Content className="menu" align="end" sideOffset={6} aria-label={label}
                          collisionPadding={8}>
          {children}
        </Dropdown.Content>
      </Dropdown.Portal>
    </Dropdown.Root>
  );
}

export function MenuItem({ children, onSelect, disabled = false }: {
  children: ReactNode; onSelect?: () => void; disabled?: boolean;
}) {
  return (
    <Dropdown.Item className="menu__item" onSelect={onSelect} disabled={disabled}>
      {children}
    </Dropdown.Item>
  );
}

/** An item that is a link (navigation closes the menu as choosing does). */
export function MenuLink({ children }: { children: ReactNode }) {
  return <Dropdown.Item className="menu__item" asChild>{children}</Dropdown.Item>;
}

export function MenuLabel({ children }: { children: ReactNode }) {
  return <Dropdown.Label className="menu__label">{children}</Dropdown.Label>;
}

export function MenuSeparator() {
  return <Dropdown.Separator className="menu__separator" />;
}

export function MenuChoice<T extends string>({ label, value, choices, onChange }: {
  label: string; value: T; choices: { value: T; label: string }[]; onChange: (value: T) => void;
}) {
  return (
    <Dropdown.Group>
      <Dropdown.Label className="menu__label">{label}</Dropdown.Label>
      <Dropdown.RadioGroup value={value} onValueChange={(next) => onChange(next as T)}>
        {choices.map((choice) => (
          <Dropdown.RadioItem key={choice.value} value={choice.value} className="menu__item">
            <Dropdown.ItemIndicator>✓</Dropdown.ItemIndicator>
            {choice.label}
          </Dropdown.RadioItem>
        ))}
      </Dropdown.RadioGroup>
    </Dropdown.Group>
  );
}
