/** A run's status (RUNNING, FINISHED, FAILED, KILLED, SCHEDULED) as a coloured chip; the text says it all. */
export function StatusChip({ status }: { status: string }) {
  return <span className={`chip status status-${status.toLowerCase()}`}>{status}</span>;
}
