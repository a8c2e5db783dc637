package io.healthkey.backend.adapter.outbound.ipfs;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.healthkey.backend.application.record.ContentStorePort;
import reactor.core.publisher.Mono;

/**
 * When the service runs on Kubo but an earlier run kept records in the embedded store (no Kubo then), pushes each
 * of them to Kubo once ready: every block, checked, then pinned there under the same CID, and the embedded pin
 * dropped so that it is pushed once. A record that fails stays pinned in the embedded store for the next start.
 */
@Component
class EmbeddedToKuboPush {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedToKuboPush.class);

    private final ContentStorePort store;
    private final EmbeddedContentStore embedded;

    EmbeddedToKuboPush(ContentStorePort store, @Value("${healthkey.data-dir}") Path dataDir) {
        this.store = store;
        this.embedded = new EmbeddedContentStore(dataDir);
    }

    @EventListener(ApplicationReadyEvent.class)
    void pushWhenReady() {
        if (store instanceof KuboContentStore kubo) {
            pushAll(embedded, kubo).subscribe(pushed -> {
                if (pushed > 0) {
                    log.info("pushed {} record(s) from the embedded store to Kubo, under the same CIDs", pushed);
                }
            }, failure -> log.warn("pushing the embedded store to Kubo failed: {}", failure.toString()));
        }
    }

    /** Pushes every record pinned in {@code embedded} to {@code kubo}; answers how many made it. */
    static Mono<Long> pushAll(EmbeddedContentStore embedded, KuboContentStore kubo) {
        return embedded.pinned()
                .concatMap(cid -> embedded.push(cid, kubo).then(embedded.unpin(cid)).thenReturn(cid)
                        .onErrorResume(failure -> {
                            log.warn("could not push {} from the embedded store to Kubo: {}", cid, failure.toString());
                            return Mono.empty();
                        }))
                .count();
    }
}
