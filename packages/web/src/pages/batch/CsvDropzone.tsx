import { useId, useState } from 'react';

/** A file input labelled "CSV file" that also takes a file dropped on it. */
export function CsvDropzone({ onFile, disabled }: { onFile: (file: File) => void; disabled?: boolean }) {
  const [over, setOver] = useState(false);
  const id = useId();
  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const file = e.dataTransfer.files[0];
        if (file && !disabled) onFile(file);
      }}
    >
      <label htmlFor={id}>
        <strong>CSV file</strong>
      </label>
      <p className="muted small" style={{ margin: '0.25rem 0 0.5rem' }}>
        Drop a file here or choose one: a header line naming the columns, then one customer per line.
      </p>
      <input
        id={id}
        type="file"
        accept=".csv,text/csv"
        disabled={disabled}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = '';
        }}
      />
    </div>
  );
}
