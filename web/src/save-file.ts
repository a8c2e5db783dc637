// Where a decrypted record is written without being held in the page (docs/WEB.md, "Large files"): a file the user
// picks (showSaveFilePicker, where the browser has it), or a file in the origin private file system (OPFS) that is
// then handed to a download. Both write through a FileSystemWritableFileStream, which Chromium writes to a swap file
// and moves into place on close: until then the chosen file holds nothing of the record.
import type { PlaintextSink } from './crypto/decrypt-verified';

/** The origin may store less than the record needs (navigator.storage.estimate). */
export class NotEnoughStorage extends Error {
  constructor(readonly needed: number, readonly free: number) {
    super(`${needed} bytes needed, ${free} free`);
  }
}

declare global {
  interface Window {
    /** The File System Access API's save dialog (Chromium); absent from Firefox and Safari. */
    showSaveFilePicker?: (options: { suggestedName: string }) => Promise<FileSystemFileHandle>;
  }
}

export const canPickFile = (): boolean => typeof window.showSaveFilePicker === 'function';

/** The file the user chooses in the browser's save dialog; undefined when they cancel it. */
export async function pickFile(suggestedName: string): Promise<FileSystemFileHandle | undefined> {
  try {
    return await window.showSaveFilePicker!({ suggestedName });
  } catch (failure) {
    if (failure instanceof DOMException && failure.name === 'AbortError') return undefined;
    throw failure;
  }
}

/** A sink writing to `handle`; an abort discards what was written, then calls `discard`. */
export async function sinkTo(handle: FileSystemFileHandle, discard: () => Promise<void>): Promise<PlaintextSink> {
  const writable = await handle.createWritable();
  return {
    write: (plaintext) => writable.write(plaintext),
    close: () => writable.close(),
    abort: async () => {
      await writable.abort();
      await discard();
    },
  };
}

/** Deletes a picked file the save left empty (a failed save); a file that had content is the user's, and stays. */
export async function removeIfEmpty(handle: FileSystemFileHandle): Promise<void> {
  const remove = (handle as { remove?: () => Promise<void> }).remove;
  if ((await handle.getFile()).size === 0 && remove) await remove.call(handle);
}

const DIRECTORY = 'decrypted-records';
/** A file this old in the directory was left by a page that closed before deleting it. */
const LEFTOVER_AGE_MS = 60 * 60 * 1000;
let leftoversChecked = false;

/** A file in the origin private file system: written, handed to a download, then deleted. */
export class PrivateFile {
  private constructor(private readonly directory: FileSystemDirectoryHandle, readonly handle: FileSystemFileHandle,
      private readonly name: string) {}

  /**
   * A new, empty file with room for `size` bytes; throws {@link NotEnoughStorage} when the origin's quota lacks it.
   * The first one of a page load first deletes files an earlier page left behind.
   */
  static async create(size: number): Promise<PrivateFile> {
    const directory = await (await navigator.storage.getDirectory()).getDirectoryHandle(DIRECTORY, { create: true });
    if (!leftoversChecked) {
      leftoversChecked = true;
      await deleteLeftovers(directory);
    }
    const { quota = 0, usage = 0 } = await navigator.storage.estimate();
    if (quota - usage < size) throw new NotEnoughStorage(size, Math.max(0, quota - usage));
    const name = crypto.randomUUID();
    return new PrivateFile(directory, await directory.getFileHandle(name, { create: true }), name);
  }

  /** The file as written, disk-backed: an object URL of it downloads it without reading it into the page. */
  file(): Promise<File> {
    return this.handle.getFile();
  }

  delete(): Promise<void> {
    return this.directory.removeEntry(this.name).catch(() => {});
  }
}

async function deleteLeftovers(directory: FileSystemDirectoryHandle): Promise<void> {
  const names: string[] = [];
  for await (const name of (directory as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
  for (const name of names) {
    const file = await (await directory.getFileHandle(name)).getFile().catch(() => undefined);
    if (!file || Date.now() - file.lastModified > LEFTOVER_AGE_MS) await directory.removeEntry(name).catch(() => {});
  }
}
