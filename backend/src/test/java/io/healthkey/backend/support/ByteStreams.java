package io.healthkey.backend.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import reactor.core.publisher.Flux;

/** Byte streams as the content store and the gateway emit them, read whole in a test. */
public final class ByteStreams {

    private ByteStreams() {
    }

    /** Every byte {@code buffers} emits, in order; rethrows the stream's failure. */
    public static byte[] join(Flux<ByteBuffer> buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        buffers.doOnNext(buffer -> {
            byte[] chunk = new byte[buffer.remaining()];
            buffer.duplicate().get(chunk);
            out.writeBytes(chunk);
        }).blockLast();
        return out.toByteArray();
    }
}
