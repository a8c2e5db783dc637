// Small pieces every screen uses: an error line (announced), a progress bar with its label, a key's backup download.
import { type StoredKey, backupOf } from '../crypto/keystore';

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

/** Saves the key's backup file (the encrypted JSON kept here) through the browser's download. */
export function downloadBackup(stored: StoredKey): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(backupOf(stored));
  link.download = `healthkey-key-${stored.account.slice(2, 10)}.json`;
  link.click();
  URL.revokeObjectURL(link.href);
}
