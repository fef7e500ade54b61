import { createContext, useContext } from 'react';

/** In the embeddable widget the page's h1 is the widget's title, so steps become h2. */
export const EmbeddedContext = createContext(false);

export function StepHeading({ children }: { children: React.ReactNode }) {
  const Tag = useContext(EmbeddedContext) ? 'h2' : 'h1';
  return (
    <Tag tabIndex={-1} className="step-heading">
      {children}
    </Tag>
  );
}
