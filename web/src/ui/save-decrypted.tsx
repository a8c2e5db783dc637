// A record decrypted straight to a file, at any size (docs/WEB.md, "Large files"): into a file the user picks where
// the browser has a save dialog, else into the origin private file system and then downloaded. The file is shown or
// downloaded only once every segment and the CID were checked; a failed save leaves no file.
import { useEffect, useRef, useState } from 'preact/hooks';
import { saveDecrypted } from '../records';
import { PrivateFile, canPickFile, pickFile, removeIfEmpty, sinkTo } from '../save-file';
import { useAction, useApp } from './context';
import type { ReadThrough } from './records';
import { ErrorLine, ProgressBar } from './parts';

type Saved = { cid: string; name: string; url?: string };

export function SaveDecrypted({ recordId, fileName, through }: { recordId: string; fileName: string;
    through?: ReadThrough }) {
  const app = useApp();
  const key = through?.key ?? app.key!;
  const [progress, setProgress] = useState<[number, number] | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const stored = useRef<{ file: PrivateFile; url?: string } | null>(null);
  const { busy, error, run } = useAction();
  const discard = async () => {
    const previous = stored.current;
    stored.current = null;
    if (previous?.url) URL.revokeObjectURL(previous.url);
    await previous?.file.delete();
  };
  useEffect(() => () => void discard(), []);

  const save = (pick: boolean) => run(async () => {
    const picked = pick ? await pickFile(fileName) : undefined;
    if (pick && !picked) return;
    await discard();
    setSaved(null);
    setProgress([0, 0]);
    let shown = -1;  // a render per percent, not per chunk of the stream
    const onProgress = (done: number, total: number) => {
      const percent = Math.floor((done / Math.max(total, 1)) * 100);
      if (percent !== shown) setProgress([done, total]);
      shown = percent;
    };
    if (picked) {
      const cid = await saveDecrypted(recordId, key, () => sinkTo(picked, () => removeIfEmpty(picked)), onProgress,
        through?.from);
      setSaved({ cid, name: picked.name });
      return;
    }
    let file: PrivateFile | undefined;
    const cid = await saveDecrypted(recordId, key, async (size) => {
      file = await PrivateFile.create(size);
      stored.current = { file };
      return sinkTo(file.handle, discard);
    }, onProgress, through?.from);
    const url = URL.createObjectURL(await file!.file());
    stored.current = { file: file!, url };
    setSaved({ cid, name: fileName, url });
    const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
    link.click();
  });

  return (
    <div class="save-decrypted" aria-busy={busy}>
      {canPickFile() && <button type="button" disabled={busy} onClick={() => void save(true)}>
        Save decrypted file…</button>}
      <button type="button" disabled={busy} onClick={() => void save(false)}>Download decrypted</button>
      {busy && progress && <ProgressBar label="Decrypting to a file" done={progress[0]} total={progress[1]} />}
      {saved && (
        <p role="status" class="verified">Decrypted and checked: every part is authentic and the ciphertext matches
          CID <code>{saved.cid}</code>. {saved.url
            ? <>Your browser is downloading it; if it did not start, <a href={saved.url} download={saved.name}>
              download {saved.name}</a>.</>
            : <>Saved as {saved.name}.</>}</p>)}
      <ErrorLine error={error} />
    </div>
  );
}
