package io.healthkey.backend.adapter.out.ipfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class ReleaseGateTest {

    private static ByteBuffer text(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void asksForNoMoreThanThePermitsUntilABufferIsReleased() {
        AtomicLong requested = new AtomicLong();
        Flux<ByteBuffer> source = Flux.range(0, 10).map(i -> text("b" + i))
                .doOnRequest(requested::addAndGet);
        List<ByteBuf> taken = new ArrayList<>();

        StepVerifier.create(ReleaseGate.gated(source, 3, buffer -> { }), Long.MAX_VALUE)
                .recordWith(() -> taken)
                .expectNextCount(3)
                .then(() -> assertThat(requested).hasValue(3))
                .then(() -> taken.get(0).release())
                .expectNextCount(1)
                .then(() -> assertThat(requested).hasValue(4))
                .then(() -> List.copyOf(taken.subList(1, 4)).forEach(ByteBuf::release))
                .thenConsumeWhile(buf -> buf.release())
                .verifyComplete();
        assertThat(taken).hasSize(10).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
    }

    @Test
    void givesTheSameBytesAndShowsEachBufferToTheInspector() {
        ByteBuffer offset = ByteBuffer.wrap("xxhelloyy".getBytes(StandardCharsets.US_ASCII), 2, 5).slice();
        ByteBuffer direct = ByteBuffer.allocateDirect(5).put("world".getBytes(StandardCharsets.US_ASCII)).flip();
        StringBuilder inspected = new StringBuilder();

        List<String> sent = ReleaseGate.gated(Flux.just(offset, direct), 1, buffer -> {
                    while (buffer.hasRemaining()) {
                        inspected.append((char) buffer.get());
                    }
                })
                .map(buf -> {
                    String text = buf.toString(StandardCharsets.US_ASCII);
                    buf.release();
                    return text;
                })
                .collectList().block();

        assertThat(sent).containsExactly("hello", "world");
        assertThat(inspected).hasToString("helloworld");
    }

    @Test
    void passesFailuresOnAndCancelsTheSourceWhenCancelled() {
        StepVerifier.create(ReleaseGate.gated(Flux.error(new IllegalStateException("boom")), 2, buffer -> { }))
                .verifyErrorMessage("boom");

        AtomicLong cancelled = new AtomicLong();
        StepVerifier.create(ReleaseGate.gated(Flux.<ByteBuffer>never().doOnCancel(cancelled::incrementAndGet), 2,
                        buffer -> { }))
                .thenCancel()
                .verify();
        assertThat(cancelled).hasValue(1);
    }
}
