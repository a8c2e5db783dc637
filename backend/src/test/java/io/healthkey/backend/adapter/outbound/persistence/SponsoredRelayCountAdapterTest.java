package io.healthkey.backend.adapter.outbound.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.application.outbox.RelaySponsorship;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.protocol.EthAddress;

/** The sponsorship count on a migrated database: the account's sponsored kinds since the window start, any status. */
class SponsoredRelayCountAdapterTest {

    private static final EthAddress PATIENT = EthAddress.parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    private static final EthAddress OTHER = EthAddress.parse("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    private static final ChainCall CALL = new ChainCall(
            EthAddress.parse("0x5fbdb2315678afecb367f032d93f642f64180aa3"), "0xabcd");
    private static final Instant WINDOW = Instant.parse("2026-12-01T00:00:00Z");

    private final OutboxStore store = OutboxStore.open(OutboxStore.newDatabaseName());

    @Test
    void countsTheAccountsSponsoredKindsAcceptedSinceTheWindowStartWhateverBecameOfThem() {
        insert(RelayKind.GRANT, PATIENT, WINDOW);
        insert(RelayKind.ANCHOR, PATIENT, WINDOW.plusSeconds(3600));
        store.requests().save(insert(RelayKind.KEY_PUBLICATION, PATIENT, WINDOW.plusSeconds(7200))
                .failed("CHAIN-0002", "reverted", WINDOW.plusSeconds(7201))).block();
        insert(RelayKind.REVOCATION, PATIENT, WINDOW.plusSeconds(60));
        insert(RelayKind.GRANT, PATIENT, WINDOW.minusSeconds(1));
        insert(RelayKind.GRANT, OTHER, WINDOW.plusSeconds(60));

        assertThat(store.sponsoredRelays().countAccepted(PATIENT, RelaySponsorship.SPONSORED, WINDOW).block())
                .isEqualTo(3);
        assertThat(store.sponsoredRelays().countAccepted(OTHER, RelaySponsorship.SPONSORED, WINDOW).block())
                .isEqualTo(1);
        assertThat(store.sponsoredRelays().countAccepted(OTHER, RelaySponsorship.SPONSORED,
                WINDOW.plusSeconds(61)).block()).isZero();
    }

    private ChainRequest insert(RelayKind kind, EthAddress account, Instant acceptedAt) {
        ChainRequest request = ChainRequest.accepted(UUID.randomUUID().toString(), kind, account, account,
                account.toString(), CALL, SubjectOnlyIntent.INSTANCE, acceptedAt);
        store.requests().insert(request).block();
        return request;
    }
}
