import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import * as api from '../api/client.ts';
import type { Language, Me } from '../api/types.ts';
import { applyLanguage, currentLanguage } from '../i18n/index.ts';

export const ME_KEY = ['me'] as const;

interface AuthState {
  me: Me | null;
  loading: boolean;
  error: unknown;
  /** True after a call was refused because the session had expired, until the next login. */
  sessionExpired: boolean;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  /** Switches the language here and, when logged in, in the user's profile. */
  changeLanguage: (lang: Language) => Promise<void>;
  retry: () => void;
}

const AuthContext = createContext<AuthState | null>(null);

// A language picked on the login page wins over the one stored in the profile: the user just chose it.
let languagePickedBeforeLogin = false;

async function loadMe(): Promise<Me | null> {
  const me = await api.getMe();
  if (me && me.language !== currentLanguage()) await applyLanguage(me.language);
  return me;
}

/** Holds the session: who is logged in, login, logout, language, and the reaction to an expired session. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const meQuery = useQuery({ queryKey: ME_KEY, queryFn: loadMe, staleTime: Infinity, retry: 1 });
  const [sessionExpired, setSessionExpired] = useState(false);

  useEffect(
    () =>
      api.onUnauthorized(() => {
        setSessionExpired(true);
        api.resetCsrfToken();
        queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
        queryClient.setQueryData(ME_KEY, null);
      }),
    [queryClient],
  );

  const login = useCallback(
    async (username: string, password: string): Promise<Me> => {
      let me = await api.login(username, password);
      const shown = currentLanguage();
      if (languagePickedBeforeLogin && me.language !== shown) {
        me = await api.updateMyLanguage(shown).catch(() => me);
      } else if (me.language !== shown) {
        await applyLanguage(me.language);
      }
      languagePickedBeforeLogin = false;
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
      queryClient.setQueryData(ME_KEY, me);
      setSessionExpired(false);
      return me;
    },
    [queryClient],
  );

  const logout = useCallback(async (): Promise<void> => {
    try {
      await api.logout();
    } catch {
      // Even when the server cannot be reached the local session view must end.
    }
    queryClient.clear();
    queryClient.setQueryData(ME_KEY, null);
    setSessionExpired(false);
  }, [queryClient]);

  const me = meQuery.data ?? null;

  const changeLanguage = useCallback(
    async (lang: Language): Promise<void> => {
      await applyLanguage(lang);
      if (!me) {
        languagePickedBeforeLogin = true;
        return;
      }
      const updated = await api.updateMyLanguage(lang);
      queryClient.setQueryData(ME_KEY, updated);
    },
    [me, queryClient],
  );

  const { refetch } = meQuery;
  const retry = useCallback(() => void refetch(), [refetch]);

  const value = useMemo<AuthState>(
    () => ({
      me,
      loading: meQuery.isPending,
      error: meQuery.error,
      sessionExpired,
      login,
      logout,
      changeLanguage,
      retry,
    }),
    [me, meQuery.isPending, meQuery.error, sessionExpired, login, logout, changeLanguage, retry],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The session state; only inside AuthProvider. */
export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside AuthProvider');
  return value;
}
