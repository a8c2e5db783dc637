// What every screen shares: the network, the signed-in account (a wallet or a passkey), the unlocked encryption key, and the
// chain requests started in this tab (followed live over server-sent events).
import type { PrivateKey } from 'eciesjs';
import { createContext } from 'preact';
import { useContext, useState } from 'preact/hooks';
import type { ChainRequest, Schemas } from '../api/client';
import { sentenceFor } from '../problems';
import type { Directory } from '../directory';
import type { Wallet } from '../wallet';

export interface AppContext {
  network: Schemas['NetworkResponse'];
  wallet: Wallet;
  key: PrivateKey | null;
  setKey: (key: PrivateKey) => void;
  /** Records a chain request's latest status for the activity list. */
  track: (request: ChainRequest) => void;
}

export const Context = createContext<AppContext | null>(null);

/** The chain's directory of encryption keys, read through the user's wallet or the network's public chain node. */
export const directoryOf = (app: AppContext): Directory =>
  ({ reader: app.wallet.reader, address: app.network.contracts.participantDirectory });

export function useApp(): AppContext {
  const app = useContext(Context);
  if (!app) throw new Error('outside the signed-in app');
  return app;
}

/** Runs one user action at a time: `busy` while it runs, `error` as a sentence when it fails. */
export function useAction(): { busy: boolean; error: string | null; run: (action: () => Promise<void>) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      console.warn(failure);
      setError(sentenceFor(failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

export const short = (address: string): string => `${address.slice(0, 6)}…${address.slice(-4)}`;
export const when = (iso: string): string => new Date(iso).toLocaleString();
/** The value of a date field a week from today, the default end of a grant or an appointment. */
export const inAWeek = (): string => new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10);
/** The last second (UTC) of a date field's day, in Unix seconds: when a grant or an appointment ends. */
export const endOfDay = (date: string): number => Math.floor(Date.parse(`${date}T23:59:59Z`) / 1000);
export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 2 ** 20) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
