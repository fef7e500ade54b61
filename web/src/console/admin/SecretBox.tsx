import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A secret the server shows once (an API key, a webhook's signing secret), with a copy button. */
export function SecretBox({ id, label, value }: { id: string; label: string; value: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [value]);
  return (
    <div className="secret-box" data-testid="secret">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {t('console.cfg.shownOnce')}
      </p>
      <div className="inline-row">
        <input id={id} ref={input} type="text" readOnly value={value} aria-describedby={`${id}-hint`} className="code" spellCheck={false} onFocus={(e) => e.target.select()} />
        <button
          type="button"
          className="button small"
          onClick={async () => {
            input.current?.select();
            try {
              await navigator.clipboard.writeText(value);
            } catch {
              document.execCommand('copy'); // no clipboard API (plain http): copy the selection
            }
            setCopied(true);
          }}
        >
          {t('console.cfg.copy')}
        </button>
      </div>
      <p role="status" className="sr-status">
        {copied ? t('console.cfg.copied') : ''}
      </p>
    </div>
  );
}
