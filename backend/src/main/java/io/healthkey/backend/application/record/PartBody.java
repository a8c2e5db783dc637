package io.healthkey.backend.application.record;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.Bytes32;
import reactor.core.publisher.Flux;

/**
 * A part's bytes as they stream: counted against its range, hashed (SHA-256), and, when cutting, cut into the
 * pieces of the envelope's 256 KiB chunk grid that fall in the range ({@link PartedDag}). Holds one piece at most.
 * Not thread-safe; one per part.
 */
final class PartBody {

    /** Bytes {@code [offset, offset + block.length)} of the envelope. */
    record Piece(long offset, byte[] block) {
    }

    private final PartRange range;
    private final int chunkSize;
    private final boolean cutting;
    private final MessageDigest sha256 = newSha256();
    private long position;
    private byte[] piece;
    private int filled;

    private PartBody(PartRange range, int chunkSize, boolean cutting) {
        this.range = range;
        this.chunkSize = chunkSize;
        this.cutting = cutting;
        this.position = range.offset();
    }

    /** Counts and hashes only. */
    static PartBody hashing(PartRange range) {
        return new PartBody(range, 1, false);
    }

    /** Counts, hashes and cuts at multiples of {@code chunkSize} of the envelope. */
    static PartBody cutting(PartRange range, int chunkSize) {
        return new PartBody(range, chunkSize, true);
    }

    /**
     * The pieces {@code body} completes, in order, then the last one once the body ends; every buffer is released.
     * Fails with {@code RECORD-0018} as soon as the body is longer than its range, or at its end when shorter.
     */
    Flux<Piece> pieces(Flux<DataBuffer> body) {
        return body.concatMapIterable(this::accept)
                .concatWith(Flux.defer(() -> {
                    if (position != range.end()) {
                        return Flux.error(lengthDiffers());
                    }
                    return piece != null && filled > 0 ? Flux.just(complete()) : Flux.empty();
                }));
    }

    /** The SHA-256 of every byte accepted: call once the pieces completed. */
    Bytes32 digest() {
        return Bytes32.fromBytes(sha256.digest());
    }

    private List<Piece> accept(DataBuffer buffer) {
        try {
            if (buffer.readableByteCount() > range.end() - position) {
                throw lengthDiffers();
            }
            List<Piece> done = new ArrayList<>(2);
            try (DataBuffer.ByteBufferIterator views = buffer.readableByteBuffers()) {
                while (views.hasNext()) {
                    var view = views.next();
                    while (view.hasRemaining()) {
                        int n = cutting ? Math.min(view.remaining(), room()) : view.remaining();
                        int start = view.position();
                        sha256.update(view.slice(start, n));
                        if (cutting) {
                            view.get(piece, filled, n);
                            filled += n;
                        } else {
                            view.position(start + n);
                        }
                        position += n;
                        if (cutting && filled == piece.length) {
                            done.add(complete());
                        }
                    }
                }
            }
            return done;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    /** Room left in the current piece, starting one if needed: up to the next chunk boundary or the range's end. */
    private int room() {
        if (piece == null) {
            long boundary = (position / chunkSize + 1) * chunkSize;
            piece = new byte[(int) (Math.min(boundary, range.end()) - position)];
            filled = 0;
        }
        return piece.length - filled;
    }

    private Piece complete() {
        Piece done = new Piece(position - filled, piece);
        piece = null;
        filled = 0;
        return done;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-256", impossible);
        }
    }

    private DomainException lengthDiffers() {
        return new DomainException(ErrorCode.RECORD_PART_INVALID_RANGE,
                "the body's length differs from its Content-Range");
    }
}
