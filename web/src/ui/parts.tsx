// Small pieces every screen uses: an error line (announced), a progress bar with its label.
export function ErrorLine({ error }: { error: string | null }) {
  return error ? <p class="error" role="alert">{error}</p> : null;
}

export function ProgressBar({ label, done, total }: { label: string; done: number; total: number }) {
  const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
  return (
    <div class="progress">
      <label>{label}
        <progress max={100} value={percent} aria-valuetext={`${percent}%`} data-percent={percent}>{percent}%</progress>
      </label>
    </div>
  );
}
