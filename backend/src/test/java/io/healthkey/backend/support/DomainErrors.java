package io.healthkey.backend.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/** Assertions on the one error model: a publisher fails with a {@link DomainException} of a given code. */
public final class DomainErrors {

    private DomainErrors() {
    }

    /** Asserts that {@code mono} fails with {@code code}, and returns the failure for further checks. */
    public static DomainException assertFailsWith(Mono<?> mono, ErrorCode code) {
        AtomicReference<DomainException> failure = new AtomicReference<>();
        StepVerifier.create(mono)
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(DomainException.class);
                    assertThat(((DomainException) error).errorCode()).as(error.getMessage()).isEqualTo(code);
                    failure.set((DomainException) error);
                })
                .verify();
        return failure.get();
    }

    /** Asserts that {@code publisher} fails with {@code failure} itself: a dependency's error passed on unchanged. */
    public static void assertPassesOn(Publisher<?> publisher, Throwable failure) {
        StepVerifier.create(publisher).verifyErrorSatisfies(error -> assertThat(error).isSameAs(failure));
    }
}
