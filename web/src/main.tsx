import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/client.ts';
import { i18n, startI18n, storedLocale } from './i18n/index.ts';
import { AppRoutes } from './router.tsx';
import './styles.css';

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // A page shows what it read last at once and asks again when opened, unless it was read in the last
      // seconds (the sections of one page read the same answers); leaving the window costs nothing.
      staleTime: 5_000,
      refetchOnWindowFocus: false,
      // The server said no: asking again will not change its mind. A lost connection is worth two more tries.
      retry: (count, error) => !(error instanceof ApiError && error.problem.status < 500) && count < 2,
    },
  },
});

startI18n(storedLocale()).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queries}>
        <I18nextProvider i18n={i18n}>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </I18nextProvider>
      </QueryClientProvider>
    </StrictMode>,
  ),
);
