import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { ServedModelProvider } from '../model/ServedModelContext';

/**
 * Renders a page as the app does (router + the served-model context, which calls GET /v1/model through the
 * fake API), at `path`, matched by `pattern` so that route parameters work.
 */
export function renderPage(element: ReactElement, { path = '/', pattern = '*' }: { path?: string; pattern?: string } = {}) {
  return render(
    <ServedModelProvider pollMs={0}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path={pattern} element={element} />
        </Routes>
      </MemoryRouter>
    </ServedModelProvider>,
  );
}
