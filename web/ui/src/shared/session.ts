// Who is signed in: the session the server's cookie holds. Server state lives in the
// query cache; signing in and out only changes what the server says.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RequestFailed, api, rememberCsrfToken, unwrap, type Schemas } from "./api/client";

export type SessionUser = Schemas["User"];
export type Rank = SessionUser["rank"];
export type EndedBecause = Schemas["SessionProbe"]["ended"];
/** Signed in (user), or not, and why a session just ended (idle, signed out elsewhere). */
export interface SessionState {
  user: SessionUser | null;
  ended: EndedBecause;
  mustEnrol: boolean;
  /** What the server says this user may do (its ranks' table): screens follow it. */
  permissions: readonly string[];
}
const SESSION = ["session"] as const;

// The probe answers 200 signed in or not: a signed-out page opens without a console error.
async function loadSession(): Promise<SessionState> {
  const { session, ended } = unwrap(await api.GET("/api/v1/auth/session/probe"));
  if (session === null) {
    rememberCsrfToken(null);
    return { user: null, ended, mustEnrol: false, permissions: [] };
  }
  rememberCsrfToken(session.csrf_token);
  return { user: session.user, ended: null, mustEnrol: session.must_enrol ?? false,
           permissions: session.permissions ?? [] };
}

export function useSession() {
  return useQuery({ queryKey: SESSION, queryFn: loadSession, staleTime: 60_000, retry: false });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (credentials: Schemas["Login"]) =>
      unwrap(await api.POST("/api/v1/auth/session", { body: credentials })),
    onSuccess: (session) => {
      rememberCsrfToken(session.csrf_token);
      client.setQueryData(SESSION, { user: session.user, ended: null,
                                     mustEnrol: session.must_enrol ?? false,
                                     permissions: session.permissions ?? [] });
    },
  });
}

export function useSignOut(everywhere: boolean) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const result = everywhere
        ? await api.POST("/api/v1/auth/sessions/end-all")
        : await api.DELETE("/api/v1/auth/session");
      if (!result.response.ok && result.response.status !== 401) {
        throw new RequestFailed(result.response.status, undefined, null);
      }
    },
    onSettled: () => {
      rememberCsrfToken(null);
      // What the signed-out user saw is dropped; the session query stays observed.
      client.setQueryData(SESSION, { user: null, ended: null, mustEnrol: false,
                                     permissions: [] });
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION[0] });
    },
  });
}

/** May the signed-in user do ``action`` (a permission name the server sent)? The server
 * decides every request; this only shapes menus and buttons. */
export function useMay(): (action: string) => boolean {
  const session = useSession();
  const permissions = session.data?.permissions ?? [];
  return (action: string) => permissions.includes(action);
}
