package io.healthkey.backend.application.record;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import reactor.core.publisher.Flux;

/**
 * What a service without the key can check of an uploaded envelope as it streams: a version 1 header, no more than
 * the size limit, and a total length that some plaintext encrypts to. Authenticity is the reader's to check.
 */
final class EnvelopeShapeCheck {

    private final long maxBytes;
    private long seen;
    private int headerSeen;
    private byte first;

    private EnvelopeShapeCheck(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The envelope's buffers, checked as they pass; a buffer that fails a check is released. */
    static Flux<DataBuffer> checked(Flux<DataBuffer> envelope, long maxBytes) {
        return Flux.defer(() -> {
            EnvelopeShapeCheck check = new EnvelopeShapeCheck(maxBytes);
            return envelope.<DataBuffer>handle((buffer, sink) -> {
                try {
                    check.inspect(buffer);
                    sink.next(buffer);
                } catch (DomainException refused) {
                    DataBufferUtils.release(buffer);
                    sink.error(refused);
                }
            }).concatWith(Flux.defer(() -> {
                check.finish();
                return Flux.empty();
            }));
        });
    }

    private void inspect(DataBuffer buffer) {
        int start = buffer.readPosition();
        int end = start + buffer.readableByteCount();
        for (int i = start; headerSeen < 2 && i < end; i++, headerSeen++) {
            if (headerSeen == 0) {
                first = buffer.getByte(i);
            } else if (!EnvelopeEncryptor.startsVersion1(first, buffer.getByte(i))) {
                throw invalid("it does not start with a version 1 envelope header");
            }
        }
        seen += buffer.readableByteCount();
        if (seen > maxBytes) {
            throw new DomainException(ErrorCode.REQUEST_TOO_LARGE, "records are limited to " + maxBytes + " bytes");
        }
    }

    private void finish() {
        if (EnvelopeEncryptor.plaintextLength(seen) < 0) {
            throw invalid("no record envelope has its length: truncated or padded");
        }
    }

    private static DomainException invalid(String why) {
        return new DomainException(ErrorCode.RECORD_INVALID_ENVELOPE, "The upload is not a record envelope: " + why);
    }
}
