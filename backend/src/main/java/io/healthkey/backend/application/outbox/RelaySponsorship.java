package io.healthkey.backend.application.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.error.RetryAfter;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * Whether the relayer still pays for an account's transactions: grants, key publications and anchors count against
 * the account's {@link SponsorshipPolicy} budget when the outbox accepts them (durably, in the outbox's own table, so
 * the count survives restarts and is shared by replicas). Past the budget a request is refused with
 * {@link ErrorCode#LIMIT_SPONSORSHIP_EXHAUSTED} (429, with the time until the window ends), nothing is stored, and
 * the typed data is still served: the signer can send the same signed message from their own wallet.
 *
 * <p>Revocations (of grants and of caregivers) are never refused nor counted: a patient must always be able to stop
 * access, and an account can
 * only revoke what it granted, which its budget already bounds. Read receipt roots are the service's own.
 */
public final class RelaySponsorship {

    /** The kinds of request an account's budget pays for. */
    public static final Set<RelayKind> SPONSORED = Set.of(RelayKind.GRANT, RelayKind.KEY_PUBLICATION,
            RelayKind.ANCHOR, RelayKind.CAREGIVER_APPOINTMENT);

    private final SponsorshipPolicy policy;
    private final SponsoredRelayCountPort counts;
    private final Clock clock;

    public RelaySponsorship(SponsorshipPolicy policy, SponsoredRelayCountPort counts, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.counts = Objects.requireNonNull(counts, "counts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Pays for every request: for tools and tests that do not exercise the budget. */
    public static RelaySponsorship unlimited() {
        return new RelaySponsorship(new SponsorshipPolicy(Integer.MAX_VALUE, Duration.ofDays(1), Map.of()),
                (account, kinds, since) -> Mono.just(0L), Clock.systemUTC());
    }

    /** Completes if the relayer pays for {@code request}; fails with LIMIT-0002 if its account's budget is used up. */
    public Mono<Void> admit(ChainRequest request) {
        return require(request.account(), request.kind());
    }

    /**
     * Completes if a request of {@code kind} by {@code account} would be paid for now: checked before work that
     * would be wasted if it were refused (an upload before its anchor). {@link #admit} still decides.
     */
    public Mono<Void> require(EthAddress account, RelayKind kind) {
        if (!SPONSORED.contains(kind)) {
            return Mono.empty();
        }
        int budget = policy.budgetOf(account);
        if (budget == Integer.MAX_VALUE) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        return counts.countAccepted(account, SPONSORED, policy.windowStart(now))
                .flatMap(accepted -> accepted < budget ? Mono.<Void>empty()
                        : Mono.error(exhausted(budget, Duration.between(now, policy.windowEnd(now)))));
    }

    /** Whether {@code failure} is this policy's refusal. */
    public static boolean isExhausted(Throwable failure) {
        return failure instanceof DomainException domain
                && domain.errorCode() == ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED;
    }

    private RuntimeException exhausted(int budget, Duration untilReset) {
        return RetryAfter.failure(ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED, "this account's " + budget
                + " sponsored relays per " + policy.period() + " are used up until the period ends; the typed data is"
                + " still served, so the same signed message can be sent from the signer's own wallet now",
                untilReset);
    }
}
