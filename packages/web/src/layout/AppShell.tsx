import { NavLink, Outlet } from 'react-router';
import { useServedModel } from '../model/ServedModelContext';

const PAGES = [
  { to: '/', label: 'Predict', end: true },
  { to: '/batch', label: 'Batch' },
  { to: '/data', label: 'Data' },
  { to: '/experiments', label: 'Experiments' },
  { to: '/models', label: 'Models' },
];

/** Header with the navigation, the page, and a footer naming the model being served. */
export function AppShell() {
  const served = useServedModel();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">custseg</span>
        <nav aria-label="Main">
          <ul>
            {PAGES.map((p) => (
              <li key={p.to}>
                <NavLink to={p.to} end={p.end ?? false}>
                  {p.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="app-footer">
        <span>
          {served.status === 'ready'
            ? `Serving ${served.data.name} version ${served.data.version}${served.data.alias ? ` (@${served.data.alias})` : ''}`
            : served.status === 'loading'
              ? 'Looking for the model being served…'
              : 'No model is being served yet'}
        </span>
        <a href="/docs">API documentation</a>
      </footer>
    </>
  );
}
