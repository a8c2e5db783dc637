package io.healthkey.backend.application.caregiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.outbox.ChainRequestEffects;
import io.healthkey.backend.domain.chain.CaregiverIntent;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordOrigin;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.backend.support.Patients;
import io.healthkey.backend.support.fakes.FakeConsentRegistry;
import io.healthkey.backend.support.fakes.InMemoryRecords;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.keywrap.WrappedKey;

/**
 * What a caregiver's revocation and appointment leave in the database once final: the chain says who still reads,
 * and every other reader's key goes, its record marked for re-keying, as after a revocation of a grant.
 */
class CaregiverEffectsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final EthAddress child = Patients.newAddress();
    private final EthAddress parent = Patients.newAddress();
    private final EthAddress paediatrician = Patients.newAddress();
    private final EthAddress dentist = Patients.newAddress();
    private final RecordId growthChart = RecordId.of(child, Category.OBSERVATION, 1);
    private final RecordId xray = RecordId.of(child, Category.OBSERVATION, 2);

    private final FakeConsentRegistry chain = new FakeConsentRegistry();
    private final InMemoryRecords records = new InMemoryRecords();
    private final List<ChainRequest> journaled = new ArrayList<>();
    private final CaregiverEffects effects = new CaregiverEffects(new ChainRequestEffects() {
        @Override
        public Mono<Void> onConfirmed(ChainRequest request) {
            return Mono.fromRunnable(() -> journaled.add(request));
        }

        @Override
        public Mono<Void> onFailed(ChainRequest request) {
            return Mono.empty();
        }
    }, chain, records);

    @Test
    void aConfirmedCaregiverRevocationDropsTheKeysOfTheCaregiverAndOfItsGranteesThatCanNoLongerRead() {
        records.add(anchored(growthChart), key(child), key(parent), key(paediatrician), key(dentist));
        records.add(anchored(xray), key(child), key(parent));
        chain.allow(new AccessQuery(child, dentist, growthChart, Action.READ)); // the patient's own grant, still live
        ChainRequest revocation = confirmed(RelayKind.CAREGIVER_REVOCATION,
                new CaregiverIntent.Revocation(parent, BigInteger.ZERO));

        effects.revocationEffects().onConfirmed(revocation).block();

        assertThat(journaled).containsExactly(revocation);
        assertThat(records.keys(growthChart)).containsOnlyKeys(child, dentist);
        assertThat(records.keys(xray)).containsOnlyKeys(child);
        assertThat(records.version(growthChart).orElseThrow().rekeyRequired()).isTrue();
        assertThat(records.version(xray).orElseThrow().rekeyRequired()).isTrue();
    }

    @Test
    void aFailedAppointmentDropsOnlyTheCaregiversKeysItCannotUse() {
        records.add(anchored(growthChart), key(child), key(parent), key(paediatrician));
        records.add(anchored(xray), key(parent));
        chain.allow(new AccessQuery(child, parent, xray, Action.READ)); // an earlier appointment still covers it
        ChainRequest appointment = confirmed(RelayKind.CAREGIVER_APPOINTMENT, new CaregiverIntent.Appointment(parent,
                List.of(Scope.of(Category.OBSERVATION)), new CaregiverPowers(1), T0.plusSeconds(3600),
                BigInteger.ZERO));

        effects.appointmentEffects().onFailed(appointment).block();

        assertThat(records.keys(growthChart)).containsOnlyKeys(child, paediatrician);
        assertThat(records.keys(xray)).containsOnlyKeys(parent);
        assertThat(records.version(growthChart).orElseThrow().rekeyRequired()).as("never read by it").isFalse();
    }

    private ChainRequest confirmed(RelayKind kind, CaregiverIntent intent) {
        ChainRequest accepted = ChainRequest.accepted("request-1", kind, child, child, parent.toString(),
                new ChainCall(FakeConsentRegistry.ADDRESS, "0x11"), intent, T0);
        return accepted.sent("tx-1", T0).mined(new MinedTransaction("0x" + "%064x".formatted(7), 7, 60_000), T0)
                .confirmed(T0);
    }

    private static ReaderKey key(EthAddress reader) {
        byte[] bytes = new byte[WrappedKey.LENGTH];
        Arrays.fill(bytes, (byte) 7);
        return new ReaderKey(reader, WrappedKey.fromBytes(bytes));
    }

    private RecordVersion anchored(RecordId id) {
        return new RecordVersion(id, id.patient(), RecordOrigin.CLIENT, RecordStatus.ANCHORED, "application/fhir+json",
                Optional.empty(), Optional.empty(), 100, Optional.empty(), Optional.empty(), false, T0, T0);
    }
}
