package io.healthkey.backend.domain.index;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.backend.domain.account.IdentityRecoveryStep;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/**
 * One decoded log of the deployment's contracts, of an allow-listed account factory, or of a passkey account (its
 * guardian recovery).
 */
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

    /** {@code AccountCreated} of an allow-listed factory ({@code contract}): {@code account} is one of its accounts. */
    record AccountCreated(LogPosition at, EthAddress contract, EthAddress account) implements ChainEvent {

        public AccountCreated {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(account, "account");
        }

        @Override
        public String name() {
            return "AccountCreated";
        }
    }

    /**
     * A step of a guardian recovery, logged by the account itself: {@code contract} is the account (the patient).
     * Decoded from any emitter; the index keeps only those of accounts an allow-listed factory created.
     */
    record AccountRecovery(LogPosition at, EthAddress contract, IdentityRecoveryStep step) implements ChainEvent {

        public AccountRecovery {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(contract, "contract");
            Objects.requireNonNull(step, "step");
        }

        /** The account whose signer the step concerns: the log's emitter. */
        public EthAddress account() {
            return contract;
        }

        @Override
        public String name() {
            return step.kind().eventName();
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

    /**
     * {@code CaregiverAppointed} ({@code revoked} false) or {@code CaregiverRevoked} (true: no appointer, scopes,
     * powers or expiry). Each moves the pair's generation on to {@code generation}; a grant the caregiver made in
     * an earlier generation has ended.
     *
     * @param appointer the patient or the appointing caregiver; empty for a revocation
     * @param expiresAt seconds since the epoch, clamped like a grant's
     */
    record CaregiverChange(LogPosition at, EthAddress contract, EthAddress patient, EthAddress caregiver,
            Optional<EthAddress> appointer, List<Bytes32> scopes, int powers, long expiresAt, long generation,
            boolean revoked) implements ChainEvent {

        public CaregiverChange {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(patient, "patient");
            Objects.requireNonNull(caregiver, "caregiver");
            Objects.requireNonNull(appointer, "appointer");
            scopes = List.copyOf(scopes);
        }

        @Override
        public String name() {
            return revoked ? "CaregiverRevoked" : "CaregiverAppointed";
        }
    }

    /**
     * {@code AccessGrantedByCaregiver} ({@code revoked} false) or {@code AccessRevokedByCaregiver}: the
     * {@link Consent} event of the same transaction was signed by {@code caregiver}; a grant lives only while the
     * caregiver stays in {@code generation} (0 for a revocation).
     */
    record CaregiverConsent(LogPosition at, EthAddress contract, EthAddress caregiver, GrantKey key,
            long generation, boolean revoked) implements ChainEvent {

        public CaregiverConsent {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(caregiver, "caregiver");
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String name() {
            return revoked ? "AccessRevokedByCaregiver" : "AccessGrantedByCaregiver";
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
}
