/** The profile's findings in plain words (missing values, constants, rare labels, imbalance, drift ...). */
export function WarningsSection({ warnings }: { warnings: readonly string[] }) {
  return (
    <section aria-labelledby="warnings-title" className="card">
      <h2 id="warnings-title">Warnings</h2>
      {warnings.length === 0 ? (
        <p className="muted">Nothing to flag: no missing values, constant columns, rare labels or imbalance worth a warning.</p>
      ) : (
        <ul className="warning-list">
          {warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
