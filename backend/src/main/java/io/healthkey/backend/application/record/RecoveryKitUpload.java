package io.healthkey.backend.application.record;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.ProtocolException;
import io.healthkey.protocol.recovery.RecoveryKit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The content of a recovery kit record (category 4098): not an envelope but the kit's own bytes (docs/FORMAT.md,
 * "Recovery kit"), which hold no secret, so that this service and the guardians can read the guardian list from the
 * anchored content. Accepted only if it parses as a version 1 kit of the record's patient on this service's chain;
 * at most {@link RecoveryKit#MAX_LENGTH} bytes are held, once, to check it.
 */
final class RecoveryKitUpload {

    private RecoveryKitUpload() {
    }

    /** The upload as one buffer once it is a kit of {@code patient} on {@code chainId}; {@code RECOVERY-0001} if not. */
    static Flux<DataBuffer> checked(Flux<DataBuffer> upload, EthAddress patient, long chainId) {
        return DataBufferUtils.join(upload, RecoveryKit.MAX_LENGTH)
                .onErrorMap(DataBufferLimitException.class, tooLong -> new DomainException(ErrorCode.REQUEST_TOO_LARGE,
                        "a recovery kit is at most " + RecoveryKit.MAX_LENGTH + " bytes"))
                .map(joined -> {
                    byte[] bytes = new byte[joined.readableByteCount()];
                    joined.read(bytes);
                    DataBufferUtils.release(joined);
                    requireKitOf(bytes, patient, chainId);
                    return (DataBuffer) DefaultDataBufferFactory.sharedInstance.wrap(bytes);
                })
                .switchIfEmpty(Mono.error(() -> invalid("it is empty")))
                .flux();
    }

    private static void requireKitOf(byte[] bytes, EthAddress patient, long chainId) {
        RecoveryKit kit;
        try {
            kit = RecoveryKit.parse(bytes);
        } catch (ProtocolException notAKit) {
            throw invalid("it is not a version 1 recovery kit (docs/FORMAT.md)");
        }
        if (!kit.patient().equals(patient)) {
            throw invalid("it names another patient than the record's");
        }
        if (kit.chainId() != chainId) {
            throw invalid("it is for another chain than this service's");
        }
    }

    private static DomainException invalid(String why) {
        return new DomainException(ErrorCode.RECOVERY_INVALID_KIT, "The upload is not a recovery kit of this patient "
                + "on this chain: " + why);
    }
}
