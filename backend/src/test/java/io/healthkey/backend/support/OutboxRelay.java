package io.healthkey.backend.support;

import java.time.Duration;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.protocol.EthAddress;

/** Relays a call through the running backend's outbox, as a use case does, and waits until it ends. */
public record OutboxRelay(OutboxAcceptor outbox, ChainRequestPort requests) {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final int MAX_POLLS = 1_200;

    /**
     * Simulates (a revert fails at once, as the API answers it), accepts and waits until CONFIRMED; a request that
     * FAILED after acceptance fails with its stored code.
     */
    public Mono<MinedTransaction> relay(RelayKind kind, EthAddress account, String subject, ChainCall call) {
        return outbox.simulate(call)
                .flatMap(gas -> outbox.accept(outbox.newRequest(kind, account, account, subject, call,
                        SubjectOnlyIntent.INSTANCE, gas), Mono.empty()))
                // off the thread that completed the insert: it may be draining the connection pool, and a blocking
                // wait there starves every other connection request (the sender's included)
                .publishOn(Schedulers.boundedElastic())
                .map(accepted -> awaitEnd(requests, accepted.id()))
                .flatMap(end -> end.transaction().isPresent() ? Mono.just(end.transaction().get())
                        : Mono.error(new DomainException(codeOf(end), end.failureDetail().orElse(""))));
    }

    /** Polls the request until CONFIRMED or FAILED, for at most a minute. */
    public static ChainRequest awaitEnd(ChainRequestPort requests, String id) {
        for (int poll = 0; poll < MAX_POLLS; poll++) {
            ChainRequest request = requests.find(id).block();
            if (request != null && request.status().isFinal()) {
                return request;
            }
            Loopback.sleep(POLL);
        }
        throw new AssertionError("chain request " + id + " did not end within a minute");
    }

    private static ErrorCode codeOf(ChainRequest failed) {
        String code = failed.failureCode().orElseThrow();
        for (ErrorCode candidate : ErrorCode.values()) {
            if (candidate.code().equals(code)) {
                return candidate;
            }
        }
        throw new AssertionError("unknown failure code " + code);
    }
}
