import { Alert } from "@patternfly/react-core";
import { useState } from "react";
import { errorText } from "../../api/client";

/** Runs an action, keeping its error for display. */
export function useAttempt() {
  const [error, setError] = useState<string>();
  const attempt = async (what: () => Promise<void>) => {
    setError(undefined);
    try {
      await what();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return { error, setError, attempt };
}

export const ErrorAlert = ({ error, testId }: { error?: string; testId: string }) =>
  error ? <Alert variant="danger" isInline title={error} className="pf-v5-u-mb-md" data-testid={testId} /> : null;

export const when = (iso?: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

/** Downloads a text answer of the Tenancy API (CSV reports) with the console's token. */
export async function download(getToken: () => Promise<string | undefined>, url: string, filename: string) {
  const token = await getToken();
  const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const blob = await response.blob();
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.click();
  URL.revokeObjectURL(a.href);
}
