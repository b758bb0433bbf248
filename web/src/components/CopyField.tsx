import { useState } from "react";

/** A value to copy (command, stream key, URL) with a copy button. */
export function CopyField({
  value,
  label,
  testId,
}: {
  value: string;
  label: string;
  testId?: string;
}) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(value).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    });
  };
  return (
    <div className="copy">
      <code aria-label={label} data-testid={testId}>
        {value}
      </code>
      <button
        type="button"
        className="button secondary"
        onClick={copy}
        aria-label={`Copy ${label}`}
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}
