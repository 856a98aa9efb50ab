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

/**
 * How a grant's `grantedBy` reads in a table: `user:<id>` as that member's username when the
 * member is among `members` (the raw value otherwise, and in the CSV evidence report, which keeps
 * the id), `rule:<id>`, `scim` and others as sent; none → "—".
 */
export function grantedByLabel(grantedBy: string | null | undefined, members: { id?: string; username?: string }[] | undefined) {
  if (!grantedBy) return "—";
  if (grantedBy.startsWith("user:")) {
    const id = grantedBy.substring("user:".length);
    const member = (members ?? []).find((m) => m.id === id);
    if (member?.username) return `user:${member.username}`;
  }
  return grantedBy;
}
