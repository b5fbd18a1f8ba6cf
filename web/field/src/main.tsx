import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { FieldApp } from './app.tsx';
import { i18n, startFieldI18n, storedLocale } from './i18n.ts';
import { Unlock } from './screens/unlock.tsx';
import './field.css';

// The service worker precaches the app, so it opens with no network once opened online (decision 0029).
if ('serviceWorker' in navigator)
  navigator.serviceWorker.register('/field/sw.js', { scope: '/field/' }).catch(() => undefined);

startFieldI18n(storedLocale()).then(() =>
  createRoot(document.getElementById('root')!).render(
    <I18nextProvider i18n={i18n}>
      <Unlock>
        <FieldApp />
      </Unlock>
    </I18nextProvider>,
  ),
);
