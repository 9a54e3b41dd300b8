import { Tabs } from './Tabs';
import { TrainingPanel } from './TrainingPanel';
import { UploadPanel } from './UploadPanel';

const TABS = [
  { id: 'file', label: 'Profile a file', render: () => <UploadPanel /> },
  { id: 'training', label: 'Training data of the served model', render: () => <TrainingPanel /> },
];

/**
 * Data: the profile `custseg eda` computes, for a CSV the user uploads (POST /v1/profile, optionally with its drift
 * against the training data) or for the training data of the served model (GET /v1/model/profile).
 */
export function DataPage() {
  return (
    <section aria-labelledby="data-title">
      <h1 id="data-title">Data</h1>
      <p className="lead">Look at a file before training on it or scoring it: columns, missing values, the target's balance, what relates to it, and how it differs from the data the model learnt from.</p>
      <Tabs label="Data to profile" tabs={TABS} />
    </section>
  );
}
