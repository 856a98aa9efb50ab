import { useCallback, useEffect, useState } from "react";
import { errorText } from "../api/client";

/** Loads data on mount and whenever deps change; reload() fetches again. */
export function useLoader<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [key, setKey] = useState(0);

  useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then((d) => {
        if (live) {
          setData(d);
          setError(undefined);
        }
      })
      .catch((e) => live && setError(errorText(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [...deps, key]);

  const reload = useCallback(() => setKey((k) => k + 1), []);
  return { data, error, loading, reload, setData };
}
