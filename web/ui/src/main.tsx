import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { setNonce } from "get-nonce";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider, createBrowserRouter } from "react-router";
import { App } from "./app/App";
import { RequestFailed } from "./shared/api/client";
import { startI18n } from "./shared/i18n";
import "./styles.css";

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not turn into a success by asking again.
      retry: (failures, error) =>
        !(error instanceof RequestFailed && error.status < 500) && failures < 2,
    },
  },
});

// A session that ends while the page is open (idle, signed out elsewhere) shows the sign-in.
queries.getQueryCache().subscribe((event) => {
  const error: unknown = event.query.state.error;
  const key: unknown = (event.query.queryKey as readonly unknown[])[0];
  if (error instanceof RequestFailed && error.status === 401 && key !== "session") {
    void queries.invalidateQueries({ queryKey: ["session"] });
  }
});

// The page's style nonce (the server's CSP allows inline styles with it only): the dialogs'
// scroll lock inserts a style element, and it must not be refused.
const styleNonce = document.querySelector<HTMLMetaElement>('meta[name="style-nonce"]')?.content;
if (styleNonce) setNonce(styleNonce);

await startI18n();
// A data router, so that a screen with unsaved work can hold navigation (useBlocker);
// the app's own <Routes> decide the rest.
const router = createBrowserRouter([{ path: "*", element: <App /> }]);
const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
