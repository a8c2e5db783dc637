package io.healthkey.backend.application.caregiver;

import java.util.function.Predicate;

import io.healthkey.backend.application.access.AccessChainPort;
import io.healthkey.backend.application.outbox.ChainRequestEffects;
import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.domain.chain.CaregiverIntent;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * What follows a CAREGIVER_APPOINTMENT or CAREGIVER_REVOCATION request once final.
 *
 * <p>A revocation CONFIRMED: journaled like a patient's revocation, then every reader key of the patient's records
 * is put to the chain: whoever can no longer read a record (the caregiver, the grantees of grants it made, the
 * caregivers it appointed; all ended with it in one on-chain write) loses its key and the record is marked for
 * re-keying, exactly as after a revocation of a grant. A reader another grant still covers keeps its key.
 *
 * <p>An appointment CONFIRMED is journaled; FAILED, the keys wrapped for the caregiver with it are dropped where the
 * chain does not let the caregiver read (an earlier appointment may).
 */
public final class CaregiverEffects {

    private static final Logger log = LoggerFactory.getLogger(CaregiverEffects.class);

    private final ChainRequestEffects journal;
    private final AccessChainPort chain;
    private final RecordRepositoryPort records;

    /** @param journal what a confirmed consent request journals (the relay journal, the access checks' block) */
    public CaregiverEffects(ChainRequestEffects journal, AccessChainPort chain, RecordRepositoryPort records) {
        this.journal = journal;
        this.chain = chain;
        this.records = records;
    }

    public ChainRequestEffects appointmentEffects() {
        return new ChainRequestEffects() {
            @Override
            public Mono<Void> onConfirmed(ChainRequest request) {
                return journal.onConfirmed(request);
            }

            @Override
            public Mono<Void> onFailed(ChainRequest request) {
                if (!(request.intent() instanceof CaregiverIntent.Appointment appointment)) {
                    return Mono.empty();
                }
                return dropKeysOfNonReaders(request.patient(), reader -> reader.equals(appointment.caregiver()),
                        false);
            }
        };
    }

    public ChainRequestEffects revocationEffects() {
        return new ChainRequestEffects() {
            @Override
            public Mono<Void> onConfirmed(ChainRequest request) {
                EthAddress patient = request.patient();
                return journal.onConfirmed(request)
                        .then(dropKeysOfNonReaders(patient, reader -> !reader.equals(patient), true));
            }

            @Override
            public Mono<Void> onFailed(ChainRequest request) {
                return Mono.empty();
            }
        };
    }

    /**
     * For each of {@code patient}'s records, the keys of the readers {@code concerned} whom the chain denies READ
     * are deleted; with {@code rekey}, the record is marked for re-keying too. The request is final on chain already:
     * a failure here is logged, not answered.
     */
    private Mono<Void> dropKeysOfNonReaders(EthAddress patient, Predicate<EthAddress> concerned, boolean rekey) {
        return records.forPatient(patient)
                .concatMap(version -> records.keysOf(version.id())
                        .filter(key -> concerned.test(key.reader()))
                        .concatMap(key -> chain.hasAccess(new AccessQuery(patient, key.reader(), version.id(),
                                        Action.READ))
                                .filter(decision -> !decision.allowed())
                                .flatMap(denied -> records.deleteKey(version.id(), key.reader())
                                        .then(rekey ? records.markRekeyRequired(version.id()) : Mono.empty()))))
                .then()
                .onErrorResume(failure -> {
                    log.warn("caregiver request for {} is final but its keys were not all dropped: {}", patient,
                            failure.toString());
                    return Mono.empty();
                });
    }
}
