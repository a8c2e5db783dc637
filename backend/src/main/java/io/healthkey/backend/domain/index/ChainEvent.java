package io.healthkey.backend.domain.index;

import java.util.Objects;
import java.util.Optional;

import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/** One decoded log of the deployment's contracts. */
public sealed interface ChainEvent {

    LogPosition at();

    EthAddress contract();

    /** The Solidity event's name. */
    String name();

    /**
     * {@code AccessGranted} ({@code revoked} false) or {@code AccessRevoked} (true; purpose and expiry zero).
     *
     * @param expiresAt seconds since the epoch; a uint64 above {@link Long#MAX_VALUE} is clamped to it
     */
    record Consent(LogPosition at, EthAddress contract, GrantKey key, int purpose, long expiresAt, boolean revoked)
            implements ChainEvent {

        public Consent {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String name() {
            return revoked ? "AccessRevoked" : "AccessGranted";
        }
    }

    /**
     * {@code ProviderAccredited} or {@code ProviderReinstated} (status ACTIVE), {@code ProviderSuspended}.
     *
     * @param detail the display name on accreditation; {@code reason} is the suspension code, else 0
     */
    record Provider(LogPosition at, EthAddress contract, String name, EthAddress provider, ProviderStatus status,
            int reason, Optional<String> detail) implements ChainEvent {

        public Provider {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** {@code RecordAnchored}. */
    record Anchor(LogPosition at, EthAddress contract, EthAddress patient, int category, AnchoredRecord record)
            implements ChainEvent {

        public Anchor {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(record, "record");
        }

        @Override
        public String name() {
            return "RecordAnchored";
        }
    }

    /** {@code EncryptionKeyPublished}: a public key, hex. */
    record KeyPublished(LogPosition at, EthAddress contract, EthAddress account, String publicKey)
            implements ChainEvent {

        @Override
        public String name() {
            return "EncryptionKeyPublished";
        }
    }

    /**
     * An event of {@code EmergencyAccess} about one request of {@code requester} for {@code patient}:
     * {@code EmergencyAccessRequested} ({@code until}: the end of its approval period; {@code purpose},
     * {@code reasonHash}), {@code EmergencyAccessApproved} ({@code keyholder}, {@code approvals} so far),
     * {@code EmergencyWindowOpened} ({@code until}: the window's end; {@code reasonHash}) or
     * {@code EmergencyAccessClosed}. No health data: addresses, a round, times and a hash.
     *
     * @param round the request's round; 0 for a window, whose event does not name it
     * @param until seconds since the epoch, or 0
     */
    record Emergency(LogPosition at, EthAddress contract, String name, EthAddress patient, EthAddress requester,
            long round, long until, int purpose, Optional<Bytes32> reasonHash, Optional<EthAddress> keyholder,
            int approvals) implements ChainEvent {

        public Emergency {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(patient, "patient");
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(reasonHash, "reasonHash");
            Objects.requireNonNull(keyholder, "keyholder");
        }
    }

    /** The grant slot a consent event writes: {@code ConsentRegistry._key}'s inputs. */
    record GrantKey(EthAddress patient, EthAddress grantee, Bytes32 scope, int action) {

        public GrantKey {
            Objects.requireNonNull(patient, "patient");
            Objects.requireNonNull(grantee, "grantee");
            Objects.requireNonNull(scope, "scope");
        }
    }
}
