package io.healthkey.backend.application.consent;

import java.util.List;

import io.healthkey.backend.application.outbox.RelayReceipt;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedRevocation;
import io.healthkey.backend.domain.record.RecordKeyForGrantee;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * Accepts a patient's signed grant or revocation into the outbox, answering once it is stored (not mined): the
 * client follows the request until CONFIRMED or FAILED. Only the signed-in patient may relay their own consent
 * ({@code REQUEST-0007} otherwise): a leaked signature cannot be replayed by others through this service before its
 * deadline.
 */
public interface RelayConsentUseCase {

    /**
     * Accepts the grant, with the record keys the patient wrapped for the grantee (dropped again if the grant
     * fails). Every key must be for a record of this patient that the grant's scope covers, checked before
     * anything is stored; a grant the contract would refuse is answered with its error and stored nowhere.
     */
    Mono<RelayReceipt> relay(EthAddress caller, SignedGrant grant, List<RecordKeyForGrantee> keys);

    /**
     * Accepts the revocation; once mined, drops the grantee's wrapped keys of the records they can no longer read
     * and marks those records for re-keying: their next version must be encrypted under a new key.
     */
    Mono<RelayReceipt> relay(EthAddress caller, SignedRevocation revocation);
}
