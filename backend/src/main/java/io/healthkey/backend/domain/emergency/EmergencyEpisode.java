package io.healthkey.backend.domain.emergency;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/**
 * One emergency request of {@code requester} for the patient's records and what came of it, for the patient's review:
 * who asked, when and why, who approved, the window it opened (if any), when it was closed (if before its end), and
 * every record read through it.
 *
 * @param reason the reason in clear, when this service relayed the request (a request relayed elsewhere shows its
 *     hash only)
 */
public record EmergencyEpisode(EthAddress requester, long round, Instant requestedAt, Bytes32 reasonHash,
        Optional<String> reason, List<Approval> approvals, Optional<Window> window, Optional<Instant> closedAt,
        List<EmergencyRead> reads) {

    public EmergencyEpisode {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(reasonHash, "reasonHash");
        Objects.requireNonNull(reason, "reason");
        approvals = List.copyOf(approvals);
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(closedAt, "closedAt");
        reads = List.copyOf(reads);
    }

    /** A keyholder's approval, as its event was mined. */
    public record Approval(EthAddress keyholder, Instant at, String transactionHash) {
    }

    /** The window the round opened: from {@code openedAt} until {@code until}, in {@code transactionHash}. */
    public record Window(Instant openedAt, Instant until, String transactionHash) {
    }
}
