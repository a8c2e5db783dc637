package io.healthkey.backend.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;

class BodiesTest {

    private static final NettyDataBufferFactory POOLED = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 13 + i / 251);
        }
        return bytes;
    }

    /** The body cut in pieces of {@code piece} bytes, each in a pooled buffer read from an offset. */
    private static List<NettyDataBuffer> pooledPieces(byte[] body, int piece) {
        List<NettyDataBuffer> pieces = new ArrayList<>();
        for (int at = 0; at < body.length; at += piece) {
            int length = Math.min(piece, body.length - at);
            NettyDataBuffer buffer = POOLED.allocateBuffer(length + 3);
            buffer.write(new byte[] {9, 9, 9}).write(body, at, length);
            buffer.readPosition(3);
            pieces.add(buffer);
        }
        return pieces;
    }

    @Test
    void handsTheBodyOnInFullUploadBuffersAndReleasesEveryPooledOne() {
        byte[] body = bytes(2 * Bodies.UPLOAD_BUFFER + 12_345);
        List<NettyDataBuffer> pieces = pooledPieces(body, 8_191);

        List<ByteBuffer> out = Bodies.bytesOf(Flux.<DataBuffer>fromIterable(pieces)).collectList().block();

        assertThat(out).extracting(ByteBuffer::remaining)
                .containsExactly(Bodies.UPLOAD_BUFFER, Bodies.UPLOAD_BUFFER, 12_345);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        out.forEach(buffer -> joined.write(buffer.array(), buffer.arrayOffset() + buffer.position(),
                buffer.remaining()));
        assertThat(joined.toByteArray()).isEqualTo(body);
        assertThat(pieces).allSatisfy(piece -> assertThat(piece.getNativeBuffer().refCnt()).isZero());
    }

    @Test
    void anExactMultipleEndsWithAFullBufferAndAnEmptyBodyGivesNone() {
        byte[] body = bytes(Bodies.UPLOAD_BUFFER);

        assertThat(Bodies.bytesOf(Flux.fromIterable(pooledPieces(body, 100_000))).collectList().block())
                .extracting(ByteBuffer::remaining).containsExactly(Bodies.UPLOAD_BUFFER);
        assertThat(Bodies.bytesOf(Flux.empty()).collectList().block()).isEmpty();
    }

    @Test
    void releasesWhatArrivedWhenTheUploadFails() {
        List<NettyDataBuffer> pieces = pooledPieces(bytes(3 * 8_192), 8_192);

        Flux<ByteBuffer> out = Bodies.bytesOf(Flux.<DataBuffer>fromIterable(pieces)
                .concatWith(Flux.error(new IllegalStateException("client went away"))));

        assertThat(out.map(ByteBuffer::remaining).onErrorReturn(-1).collectList().block()).containsExactly(-1);
        assertThat(pieces).allSatisfy(piece -> assertThat(piece.getNativeBuffer().refCnt()).isZero());
    }
}
