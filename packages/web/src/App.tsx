import { BrowserRouter, Route, Routes } from 'react-router';
import { AppShell } from './layout/AppShell';
import { ServedModelProvider } from './model/ServedModelContext';
import { BatchPage } from './pages/batch/BatchPage';
import { DataPage } from './pages/data/DataPage';
import { ComparePage } from './pages/experiments/ComparePage';
import { ExperimentsPage } from './pages/experiments/ExperimentsPage';
import { RunPage } from './pages/experiments/RunPage';
import { ModelsPage } from './pages/models/ModelsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PredictPage } from './pages/predict/PredictPage';

// The server answers index.html for any of these paths (deep links survive a reload); keep them under the
// prefixes packages/server/src/serving/web-ui.ts does not reserve for the API.
export function App() {
  return (
    <ServedModelProvider>
      <BrowserRouter>
        <Routes>
          <Route element={<AppShell />}>
            <Route index element={<PredictPage />} />
            <Route path="batch" element={<BatchPage />} />
            <Route path="data" element={<DataPage />} />
            <Route path="experiments" element={<ExperimentsPage />} />
            <Route path="experiments/:experimentId/compare" element={<ComparePage />} />
            <Route path="runs/:runId" element={<RunPage />} />
            <Route path="models" element={<ModelsPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </ServedModelProvider>
  );
}
