/** A labelled progress bar; without a fraction it shows work whose size is not known yet. */
export function ProgressBar({ label, fraction }: { label: string; fraction: number | null }) {
  return (
    <div className="progress" role="status">
      <progress aria-label={label} max={1} value={fraction ?? undefined} />
      <span>
        {label}
        {fraction !== null && ` ${Math.round(fraction * 100)} %`}
      </span>
    </div>
  );
}
