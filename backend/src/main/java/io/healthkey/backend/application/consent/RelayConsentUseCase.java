package io.healthkey.backend.application.consent;

import java.util.List;

import io.healthkey.backend.application.outbox.RelayReceipt;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedNonceCancellation;
import io.healthkey.backend.domain.consent.SignedRevocation;
import io.healthkey.backend.domain.record.RecordKeyForGrantee;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * Accepts a patient's signed grant, revocation or nonce cancellation into the outbox, answering once it is stored
 * (not mined): the client follows the request until CONFIRMED or FAILED. Only the signed-in patient may relay their own consent
 * ({@code REQUEST-0007} otherwise): a leaked signature cannot be replayed by others through this service before its
 * deadline. Every signature's deadline must be ahead, and no further ahead than this service accepts
 * ({@code CONSENT-0002}, {@code CONSENT-0010}); a grant's expiry must be ahead ({@code CONSENT-0008}).
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

    /**
     * Accepts the nonce cancellation: once mined, no message the patient signed with a nonce from the cancellation's
     * own up to its {@code newNonce} (excluded) can land. It takes those nonces at once: the patient's next intent is
     * signed with {@code newNonce}, and one signed with a nonce it voids is refused ({@code CONSENT-0003}).
     */
    Mono<RelayReceipt> relay(EthAddress caller, SignedNonceCancellation cancellation);
}
