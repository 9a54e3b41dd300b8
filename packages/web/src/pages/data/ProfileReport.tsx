import { ColumnsSection } from './ColumnsSection';
import { CorrelationsSection } from './CorrelationsSection';
import { DriftSection } from './DriftSection';
import { MissingnessSection } from './MissingnessSection';
import { OverviewSection } from './OverviewSection';
import type { DataProfile } from './profile-api';
import { TargetSection } from './TargetSection';
import { WarningsSection } from './WarningsSection';

/** Every section of a data profile, in the order of the `custseg eda` report (drift first when there is some). */
export function ProfileReport({ profile }: { profile: DataProfile }) {
  return (
    <div className="profile-report">
      <OverviewSection profile={profile} />
      <WarningsSection warnings={profile.warnings} />
      {profile.drift ? <DriftSection drift={profile.drift} /> : null}
      <TargetSection target={profile.target} />
      <ColumnsSection columns={profile.columns} />
      <MissingnessSection profile={profile} />
      <CorrelationsSection correlations={profile.correlations} />
    </div>
  );
}
