package io.healthkey.backend.adapter.inbound.web;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.domain.account.IdentityRecoveryStep;
import io.healthkey.backend.domain.account.IdentityRecoveryStep.Kind;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.protocol.EthAddress;

/** The JSON of the identity history (docs/API.md, "Identity history"). */
final class IdentityDtos {

    private static final String SIGNER = "^0x[0-9a-fA-F]{128}$";

    private IdentityDtos() {
    }

    @Schema(description = "One step of a guardian recovery of the account's signer, as the account's contract logged "
            + "it; fields a step does not have are left out",
            requiredProperties = {"kind", "transactionHash", "blockNumber", "logIndex", "at"})
    record IdentityStepResponse(
            @Schema(allowableValues = {"GUARDIANS_CHANGED", "DELAY_CHANGED", "APPROVED", "SCHEDULED", "EXECUTED",
                    "CANCELLED"}) String kind,
            @Schema(description = "the recovery round; GUARDIANS_CHANGED: the round it starts") Long round,
            @Schema(description = "APPROVED: the guardian who approved", pattern = ApiPatterns.ADDRESS)
            String guardian,
            @Schema(description = "APPROVED, SCHEDULED: the proposed signer; EXECUTED: the new one. The P-256 public "
                    + "key qx ‖ qy, 64 bytes", pattern = SIGNER) String signer,
            @Schema(description = "APPROVED: guardians who approved this signer in this round so far") Long approvals,
            @Schema(description = "GUARDIANS_CHANGED: approvals a recovery needs from now on (0: recovery off)")
            Long threshold,
            @ArraySchema(arraySchema = @Schema(description = "GUARDIANS_CHANGED: the guardians from now on"),
                    schema = @Schema(pattern = ApiPatterns.ADDRESS)) List<String> guardians,
            @Schema(description = "SCHEDULED: from when anyone may execute the rotation, unless the signer cancels "
                    + "it first: " + ApiPatterns.INSTANT_UNIT, format = "date-time") String executableAt,
            @Schema(description = "DELAY_CHANGED: the time lock of later recoveries, in seconds") Long delaySeconds,
            @Schema(pattern = ApiPatterns.BYTES32) String transactionHash,
            Long blockNumber,
            @Schema(description = "the event's index in its block") Integer logIndex,
            @Schema(description = "the block's timestamp: " + ApiPatterns.INSTANT_UNIT, format = "date-time")
            String at) {

        static IdentityStepResponse of(ChainEvent.AccountRecovery event) {
            IdentityRecoveryStep step = event.step();
            Kind kind = step.kind();
            LogPosition at = event.at();
            return new IdentityStepResponse(kind.name(), kind == Kind.DELAY_CHANGED ? null : step.round(),
                    step.guardian().map(EthAddress::toString).orElse(null), step.signer().orElse(null),
                    kind == Kind.APPROVED ? step.approvals() : null,
                    kind == Kind.GUARDIANS_CHANGED ? step.threshold() : null,
                    kind == Kind.GUARDIANS_CHANGED ? step.guardians().stream().map(EthAddress::toString).toList()
                            : null,
                    kind == Kind.SCHEDULED ? instant(step.executableAt()) : null,
                    kind == Kind.DELAY_CHANGED ? step.delaySeconds() : null,
                    at.transactionHash(), at.blockNumber(), at.logIndex(), instant(at.blockTime()));
        }

        private static String instant(long epochSeconds) {
            return Instant.ofEpochSecond(Math.min(epochSeconds, Instant.MAX.getEpochSecond())).toString();
        }
    }
}
