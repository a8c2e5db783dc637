package io.healthkey.backend.support.fakes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.healthkey.backend.application.access.AccessCheckUseCase;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** Access checks answered by {@link #decide} (denied by default), noting what the caller told them. */
public final class RecordingAccessCheck implements AccessCheckUseCase {

    public Function<AccessQuery, AccessDecision> decide = query -> new AccessDecision(query, false, 0);
    /** The revocations marked pending, in order. */
    public final List<GrantKey> pendingRevocations = new ArrayList<>();
    /** The caregiver revocations marked pending, as (patient, caregiver), in order. */
    public final List<List<EthAddress>> pendingCaregiverRevocations = new ArrayList<>();
    /** The blocks observed mined, in order. */
    public final List<Long> minedBlocks = new ArrayList<>();

    @Override
    public Mono<AccessDecision> check(AccessQuery query) {
        return Mono.fromSupplier(() -> decide.apply(query));
    }

    @Override
    public void markRevocationPending(GrantKey key) {
        pendingRevocations.add(key);
    }

    @Override
    public void markCaregiverRevocationPending(EthAddress patient, EthAddress caregiver) {
        pendingCaregiverRevocations.add(List.of(patient, caregiver));
    }

    @Override
    public void observeMined(long blockNumber) {
        minedBlocks.add(blockNumber);
    }
}
