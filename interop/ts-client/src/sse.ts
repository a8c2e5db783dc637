// A text/event-stream reader for the API's server-sent events (GET /api/v1/chain-requests/{id}/events), typed by the
// document's ChainRequestEvent: each frame's `event`, `id` and `data` (the ChainRequest JSON).
import type { components } from './schema.js';

type ChainRequestEvent = components['schemas']['ChainRequestEvent'];

/** Yields the frames of `body` as they arrive, until the server ends the stream. */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ChainRequestEvent> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true }).replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const frame = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const fields: Record<string, string> = {};
      for (const line of frame.split('\n')) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const name = line.slice(0, colon);
        const value = line.slice(colon + 1).replace(/^ /, '');
        fields[name] = name in fields ? `${fields[name]}\n${value}` : value;
      }
      if (fields.data !== undefined) {
        yield { event: fields.event as ChainRequestEvent['event'], id: fields.id ?? '', data: JSON.parse(fields.data) };
      }
    }
  }
}
