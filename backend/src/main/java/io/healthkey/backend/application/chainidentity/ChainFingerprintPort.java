package io.healthkey.backend.application.chainidentity;

import io.healthkey.backend.domain.network.ChainFingerprint;
import reactor.core.publisher.Mono;

/** The fingerprint of the chain this database describes, kept in the database itself. */
public interface ChainFingerprintPort {

    /** The recorded fingerprint; empty for a database that never met a chain. */
    Mono<ChainFingerprint> recorded();

    /** Records {@code fingerprint} unless one is recorded already; emits the one recorded in the end. */
    Mono<ChainFingerprint> recordIfAbsent(ChainFingerprint fingerprint);
}
