import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Address } from '../api.js';

/** An accessible combobox: type an address, arrow through the suggestions, Enter to pick. */
export function AddressField({ value, onType, onPick, invalid }: { value: string; onType: (text: string) => void; onPick: (a: Address) => void; invalid?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [q, setQ] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setQ(value.trim()), 150);
    return () => clearTimeout(timer);
  }, [value]);
  const suggestions = useQuery({ queryKey: ['addresses', q], queryFn: () => api.addresses(q), enabled: open && q.length >= 2, staleTime: 300_000 });
  const list = open ? (suggestions.data ?? []) : [];
  const pick = (a: Address) => {
    onPick(a);
    setOpen(false);
    setActive(-1);
  };
  return (
    <div className="field combo">
      <label htmlFor={id}>{t('place.address')}</label>
      <span className="hint" id={`${id}-hint`}>
        {t('place.addressHint')}
      </span>
      <input
        id={id}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={list.length > 0}
        aria-controls={`${id}-list`}
        aria-describedby={`${id}-hint`}
        aria-invalid={invalid || undefined}
        aria-activedescendant={active >= 0 && list[active] ? `${id}-opt-${active}` : undefined}
        autoComplete="off"
        value={value}
        onChange={(e) => {
          onType(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && list.length) {
            e.preventDefault();
            setActive((a) => (a + 1) % list.length);
          } else if (e.key === 'ArrowUp' && list.length) {
            e.preventDefault();
            setActive((a) => (a <= 0 ? list.length - 1 : a - 1));
          } else if (e.key === 'Enter' && active >= 0 && list[active]) {
            e.preventDefault();
            pick(list[active]);
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      <ul id={`${id}-list`} role="listbox" aria-label={t('place.address')} className="suggestions" hidden={list.length === 0}>
        {list.map((a, i) => (
          <li
            key={a.id}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(a);
            }}
          >
            {a.fullAddress}
          </li>
        ))}
      </ul>
      <p className="sr-only" aria-live="polite">
        {open && q.length >= 2 && suggestions.data ? (suggestions.data.length ? t('place.suggestions', { count: suggestions.data.length }) : t('place.noSuggestions')) : ''}
      </p>
    </div>
  );
}
