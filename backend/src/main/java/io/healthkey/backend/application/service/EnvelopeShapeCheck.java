package io.healthkey.backend.application.service;

import java.nio.ByteBuffer;

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

    static Flux<ByteBuffer> checked(Flux<ByteBuffer> envelope, long maxBytes) {
        return Flux.defer(() -> {
            EnvelopeShapeCheck check = new EnvelopeShapeCheck(maxBytes);
            return envelope.doOnNext(check::inspect).concatWith(Flux.defer(() -> {
                check.finish();
                return Flux.empty();
            }));
        });
    }

    private void inspect(ByteBuffer buffer) {
        for (int i = buffer.position(); headerSeen < 2 && i < buffer.limit(); i++, headerSeen++) {
            if (headerSeen == 0) {
                first = buffer.get(i);
            } else if (!EnvelopeEncryptor.startsVersion1(first, buffer.get(i))) {
                throw invalid("it does not start with a version 1 envelope header");
            }
        }
        seen += buffer.remaining();
        if (seen > maxBytes) {
            throw new DomainException(ErrorCode.REQUEST_TOO_LARGE, "records are limited to " + maxBytes + " bytes");
        }
    }

    private void finish() {
        if (EnvelopeEncryptor.plaintextLength(seen) < 0) {
            throw invalid("no record envelope is " + seen + " bytes long: truncated or padded");
        }
    }

    private static DomainException invalid(String why) {
        return new DomainException(ErrorCode.RECORD_INVALID_ENVELOPE, "The upload is not a record envelope: " + why);
    }
}
