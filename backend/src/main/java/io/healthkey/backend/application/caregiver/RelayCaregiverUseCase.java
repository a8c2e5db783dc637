package io.healthkey.backend.application.caregiver;

import java.util.List;

import io.healthkey.backend.application.outbox.RelayReceipt;
import io.healthkey.backend.domain.caregiver.SignedCaregiverMessage;
import io.healthkey.backend.domain.record.RecordKeyForGrantee;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.AppointmentMessage;
import io.healthkey.protocol.eip712.CaregiverGrantMessage;
import io.healthkey.protocol.eip712.CaregiverGrantRevocationMessage;
import io.healthkey.protocol.eip712.CaregiverRevocationMessage;
import reactor.core.publisher.Mono;

/**
 * Accepts caregiver messages into the outbox, as grants are accepted ({@code RelayConsentUseCase}): the relayer
 * pays, the signer's sponsorship quota counts, the answer comes once the request is stored; follow it until
 * CONFIRMED or FAILED. Only the signed-in signer may relay its own message ({@code REQUEST-0007}). Each is checked
 * against the chain first: a caregiver outside its powers or scopes, expired or revoked is refused with its
 * {@code CAREGIVER-…} code and nothing is stored; the simulation then answers anything else the contract refuses.
 */
public interface RelayCaregiverUseCase {

    /**
     * The appointer (the patient, or a caregiver holding APPOINT) appoints a caregiver; {@code keys} are record keys
     * wrapped for the caregiver (records its scopes cover), stored with the request, dropped if it fails.
     */
    Mono<RelayReceipt> appoint(EthAddress caller, SignedCaregiverMessage<AppointmentMessage> appointment,
            List<RecordKeyForGrantee> keys);

    /**
     * The patient revokes a caregiver: once mined, its powers and every grant it made have ended; the keys of those
     * who can no longer read (the caregiver, the grantees of its grants) are dropped and the records marked for
     * re-keying.
     */
    Mono<RelayReceipt> revoke(EthAddress caller, SignedCaregiverMessage<CaregiverRevocationMessage> revocation);

    /** A caregiver grants for the patient, with record keys it wrapped for the grantee (as a patient's grant). */
    Mono<RelayReceipt> grant(EthAddress caller, SignedCaregiverMessage<CaregiverGrantMessage> grant,
            List<RecordKeyForGrantee> keys);

    /** A caregiver revokes a grant of the patient's: as a patient's revocation, denied at once when accepted. */
    Mono<RelayReceipt> revokeGrant(EthAddress caller,
            SignedCaregiverMessage<CaregiverGrantRevocationMessage> revocation);
}
