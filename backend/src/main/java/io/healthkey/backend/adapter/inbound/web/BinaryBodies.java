package io.healthkey.backend.adapter.inbound.web;

import java.nio.ByteBuffer;
import java.util.OptionalLong;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Flux;

/**
 * Request and response bodies. Upload bodies go to the use cases as the server's pooled buffers, which the use cases
 * release; records read back are plain buffers, wrapped for the response without a copy.
 */
final class BinaryBodies {

    private BinaryBodies() {
    }

    static Flux<DataBuffer> buffersOf(Flux<ByteBuffer> bytes) {
        return bytes.map(DefaultDataBufferFactory.sharedInstance::wrap);
    }

    static OptionalLong declaredLength(ServerHttpRequest request) {
        long length = request.getHeaders().getContentLength();
        return length >= 0 ? OptionalLong.of(length) : OptionalLong.empty();
    }

    /** The response headers of a record's bytes: its id, CID, plaintext media type and the reader's wrapped key. */
    static final String RECORD_ID = "HealthKey-Record-Id";
    static final String CID = "HealthKey-Cid";
    static final String MEDIA_TYPE = "HealthKey-Media-Type";
    static final String WRAPPED_KEY = "HealthKey-Wrapped-Key";

    static void noStore(HttpHeaders headers) {
        headers.setCacheControl("no-store");
    }
}
