package io.healthkey.backend.adapter.in.web;

import io.swagger.v3.oas.annotations.media.Schema;

import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.consent.AccessDecision;

/** JSON shapes of the consent endpoints. Integers that may exceed 2^53 travel as decimal strings. */
final class ConsentDtos {

    private ConsentDtos() {
    }

    @Schema(description = "The `message` of the Grant typed data the patient signed, field for field")
    record GrantBody(String patient, String grantee, String scope, String action, String purpose, String expiresAt,
            String nonce, String deadline) {
    }

    @Schema(description = "The `message` of the Revocation typed data the patient signed, field for field")
    record RevocationBody(String patient, String grantee, String scope, String action, String nonce, String deadline) {
    }

    record SignedGrantRequest(GrantBody grant,
            @Schema(description = "65-byte r|s|v signature from eth_signTypedData_v4, 0x hex") String signature) {
    }

    record SignedRevocationRequest(RevocationBody revocation,
            @Schema(description = "65-byte r|s|v signature from eth_signTypedData_v4, 0x hex") String signature) {
    }

    record RelayResponse(String transactionHash, long blockNumber, long gasUsed, String status) {

        static RelayResponse of(MinedTransaction mined) {
            return new RelayResponse(mined.transactionHash(), mined.blockNumber(), mined.gasUsed(), "MINED");
        }
    }

    record AccessResponse(boolean allowed, String patient, String grantee, String record, String action,
            long blockNumber) {

        static AccessResponse of(AccessDecision decision) {
            var query = decision.query();
            return new AccessResponse(decision.allowed(), query.patient().toString(), query.grantee().toString(),
                    query.record().toHex(), query.action().name(), decision.blockNumber());
        }
    }

    record NonceResponse(String patient, String nonce) {
    }
}
