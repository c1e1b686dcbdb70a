/**
 * A panel's export button and its menu of formats (WAI-ARIA menu button): Enter, Space or ↓ open
 * it on the first item, ↑ on the last; arrows, Home and End move; Enter or a click exports;
 * Escape or Tab closes, focus back on the button. An export runs while the networks keep
 * training; its failure becomes a notice and nothing else changes.
 */
import { useContext, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { StoreContext } from '../storeContext';
import './export.css';

export type ExportFormat = 'PNG 1×' | 'PNG 2×' | 'PNG 4×' | 'SVG' | 'CSV' | 'JSON' | 'glTF';

export interface ExportItem {
  readonly format: ExportFormat;
  readonly run: () => Promise<void>;
}

export function ExportMenu({
  name,
  items,
  text,
}: {
  name: string;
  items: readonly ExportItem[];
  /** Visible words beside the icon (the top bar's menus); panels show the icon alone. */
  text?: string;
}) {
  const store = useContext(StoreContext);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const [focusAt, setFocusAt] = useState<number | null>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open || focusAt === null) return;
    const entries = menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]');
    entries?.[focusAt]?.focus();
  }, [open, focusAt]);

  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const openAt = (index: number) => {
    setOpen(true);
    setFocusAt((index + items.length) % items.length);
  };
  const close = () => {
    setOpen(false);
    setFocusAt(null);
    button.current?.focus();
  };
  const run = async (item: ExportItem) => {
    close();
    setBusy(true);
    try {
      await item.run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      store?.getState().addNotice('error', `Export ${name}, ${item.format}: ${message}`);
    } finally {
      setBusy(false);
    }
  };

  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      openAt(0);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      openAt(-1);
    }
  };
  const onMenuKey = (event: KeyboardEvent) => {
    const at = focusAt ?? 0;
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      Home: 0,
      End: items.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      setFocusAt((moves[event.key]! + items.length) % items.length);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation(); // not also the maximized panel's Escape
      close();
    } else if (event.key === 'Tab') {
      setOpen(false);
      setFocusAt(null);
    }
  };

  return (
    <div className="export-menu">
      <button
        ref={button}
        type="button"
        className={text ? 'export-menu__button export-menu__button--text' : 'export-menu__button'}
        aria-label={`Export ${name}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-busy={busy}
        title={busy ? 'exporting…' : 'Export this figure or its data'}
        onClick={() => (open ? close() : openAt(0))}
        onKeyDown={onButtonKey}
      >
        <svg
          viewBox="0 0 16 16"
          aria-hidden="true"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
        >
          <path d="M8 1.5v8.5M4.5 6.5 8 10l3.5-3.5M2 11.5v3h12v-3" />
        </svg>
        {text && <span>{text}</span>}
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label={`Export ${name}`}
          className="export-menu__list"
          onKeyDown={onMenuKey}
        >
          {items.map((item, i) => (
            <button
              key={item.format}
              type="button"
              role="menuitem"
              tabIndex={i === focusAt ? 0 : -1}
              className="export-menu__item"
              onClick={() => void run(item)}
            >
              {item.format}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
