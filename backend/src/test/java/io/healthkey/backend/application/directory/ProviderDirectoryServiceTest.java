package io.healthkey.backend.application.directory;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.audit.Page;
import io.healthkey.backend.domain.audit.PageCursor;
import io.healthkey.backend.domain.audit.PageRequest;
import io.healthkey.backend.domain.directory.ProviderSearch;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.backend.support.fakes.FakeEventIndex;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EthAddress;

/** The provider directory a patient picks a grantee from, folded from the indexed directory events. */
class ProviderDirectoryServiceTest {

    private static final PageRequest FIRST = PageRequest.first();
    private static final EthAddress DIRECTORY = EthAddress.parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    private static final EthAddress CARDIO = EthAddress.parse("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
    private static final EthAddress ALPHA = EthAddress.parse("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc");
    private static final EthAddress BETA = EthAddress.parse("0x976ea74026e726554db657fa54763abd0c3a0aa9");

    private final FakeEventIndex index = new FakeEventIndex(new MutableClock(RecordStack.NOW));
    private final List<ChainEvent.Provider> providerEvents = new ArrayList<>();
    private final Map<EthAddress, ChainEvent.KeyPublished> keys = new HashMap<>();
    private final ProviderDirectoryUseCase directory = new ProviderDirectoryService(new IndexedProvidersPort() {
        @Override
        public Flux<ChainEvent.Provider> providerEvents() {
            return Flux.fromIterable(new ArrayList<>(providerEvents));
        }

        @Override
        public Mono<Map<EthAddress, ChainEvent.KeyPublished>> latestKeys(Collection<EthAddress> accounts) {
            Map<EthAddress, ChainEvent.KeyPublished> found = new HashMap<>(keys);
            found.keySet().retainAll(accounts);
            return Mono.just(found);
        }
    }, index.indexer());
    private int block = 1;

    @Test
    void listsAccreditedProvidersWithAKeyByNameThenAddress() {
        accredit(CARDIO, "St Mary's Cardiology");
        accredit(BETA, "alpha clinic");
        accredit(ALPHA, "Alpha Clinic");

        assertThat(listed(Optional.empty())).as("the same name in another case: by address")
                .containsExactly(BETA, ALPHA, CARDIO);
        ListedProvider cardio = directory.providers(Optional.empty(), FIRST).block().items().get(2);
        assertThat(cardio.name()).isEqualTo("St Mary's Cardiology");
        assertThat(cardio.key()).isEqualTo(keyOf(CARDIO));
        assertThat(cardio.accreditedAt().blockNumber()).isEqualTo(1);
    }

    @Test
    void aSuspendedProviderIsLeftOutUntilReinstated() {
        accredit(CARDIO, "Cardiology");
        accredit(ALPHA, "Alpha");
        change(ALPHA, ProviderStatus.SUSPENDED, "ProviderSuspended");

        assertThat(listed(Optional.empty())).containsExactly(CARDIO);

        change(ALPHA, ProviderStatus.ACTIVE, "ProviderReinstated");
        assertThat(listed(Optional.empty())).containsExactly(ALPHA, CARDIO);
        assertThat(directory.providers(Optional.empty(), FIRST).block().items().get(0).name()).isEqualTo("Alpha");
    }

    @Test
    void aProviderWithoutAPublishedKeyOrWhoseAccreditationIsNotConfirmedIsLeftOut() {
        accredit(CARDIO, "Cardiology");
        providerEvents.add(provider(ALPHA, ProviderStatus.ACTIVE, "ProviderAccredited", Optional.of("Alpha")));
        block = (int) FakeEventIndex.HEAD + 1;
        accredit(BETA, "Beta");

        assertThat(listed(Optional.empty())).containsExactly(CARDIO);
    }

    @Test
    void aProviderWhoseIndexedKeyIsNoCurvePointIsLeftOutAndTheOthersListed() {
        accredit(CARDIO, "Cardiology");
        accredit(ALPHA, "Alpha");
        keys.put(ALPHA, new ChainEvent.KeyPublished(at(block++), DIRECTORY, ALPHA, "0x02" + "00".repeat(32)));

        assertThat(listed(Optional.empty())).containsExactly(CARDIO);
    }

    @Test
    void aSearchMatchesTheStartOfTheNameOfAWordOfItOrOfTheAddress() {
        accredit(CARDIO, "St Mary's Cardiology");
        accredit(ALPHA, "Alpha Clinic");
        accredit(BETA, "Beta-Care");

        assertThat(listed(Optional.of(ProviderSearch.of("ALP")))).containsExactly(ALPHA);
        assertThat(listed(Optional.of(ProviderSearch.of("cardio")))).containsExactly(CARDIO);
        assertThat(listed(Optional.of(ProviderSearch.of("care")))).containsExactly(BETA);
        assertThat(listed(Optional.of(ProviderSearch.of("0x976E")))).containsExactly(BETA);
        assertThat(listed(Optional.of(ProviderSearch.of("9965")))).containsExactly(ALPHA);
        assertThat(listed(Optional.of(ProviderSearch.of("ology")))).isEmpty();
    }

    @Test
    void pagesFollowOneAnotherAndACursorOutlivesItsProvidersSuspension() {
        accredit(ALPHA, "A");
        accredit(BETA, "B");
        accredit(CARDIO, "C");

        Page<ListedProvider> first = directory.providers(Optional.empty(), new PageRequest(1, Optional.empty()))
                .block();
        change(ALPHA, ProviderStatus.SUSPENDED, "ProviderSuspended");
        Page<ListedProvider> second = directory.providers(Optional.empty(), new PageRequest(1, first.next())).block();
        Page<ListedProvider> third = directory.providers(Optional.empty(), new PageRequest(1, second.next())).block();

        assertThat(first.items()).extracting(ListedProvider::address).containsExactly(ALPHA);
        assertThat(second.items()).extracting(ListedProvider::address).containsExactly(BETA);
        assertThat(third.items()).extracting(ListedProvider::address).containsExactly(CARDIO);
        assertThat(third.next()).isEmpty();
    }

    @Test
    void aCursorNamingNoIndexedProviderIsRefusedWithAudit0001() {
        accredit(ALPHA, "A");

        assertFailsWith(directory.providers(Optional.empty(), new PageRequest(1, Optional.of(PageCursor.of(
                ProviderDirectoryUseCase.PROVIDERS, BETA.toString())))), ErrorCode.AUDIT_MALFORMED_CURSOR);
        assertFailsWith(directory.providers(Optional.empty(), new PageRequest(1, Optional.of(PageCursor.of(
                ProviderDirectoryUseCase.PROVIDERS, "0xnot")))), ErrorCode.AUDIT_MALFORMED_CURSOR);
    }

    private List<EthAddress> listed(Optional<ProviderSearch> search) {
        return directory.providers(search, FIRST).block().items().stream().map(ListedProvider::address).toList();
    }

    private void accredit(EthAddress provider, String name) {
        providerEvents.add(provider(provider, ProviderStatus.ACTIVE, "ProviderAccredited", Optional.of(name)));
        keys.put(provider, new ChainEvent.KeyPublished(at(block++), DIRECTORY, provider, keyOf(provider).toHex()));
    }

    private void change(EthAddress provider, ProviderStatus status, String event) {
        providerEvents.add(provider(provider, status, event, Optional.empty()));
    }

    private ChainEvent.Provider provider(EthAddress provider, ProviderStatus status, String event,
            Optional<String> name) {
        return new ChainEvent.Provider(at(block++), DIRECTORY, event, provider, status, 0, name);
    }

    private static LogPosition at(long block) {
        return new LogPosition(block, 0, "0x" + "0b".repeat(32), "0x" + "%064x".formatted(block),
                RecordStack.NOW.getEpochSecond() - 100 + block);
    }

    private static io.healthkey.protocol.EncryptionPublicKey keyOf(EthAddress provider) {
        return KEYS.computeIfAbsent(provider, p -> EncryptionPrivateKey.generate()).publicKey();
    }

    private static final Map<EthAddress, EncryptionPrivateKey> KEYS = new java.util.concurrent.ConcurrentHashMap<>();
}
