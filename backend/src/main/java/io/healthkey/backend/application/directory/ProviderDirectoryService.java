package io.healthkey.backend.application.directory;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.domain.audit.Page;
import io.healthkey.backend.domain.audit.PageCursor;
import io.healthkey.backend.domain.audit.PageRequest;
import io.healthkey.backend.domain.directory.ProviderSearch;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * {@link ProviderDirectoryUseCase} over the indexed directory events. The providers are folded whole on each call:
 * an accreditor accredits them one by one, so they stay few next to the grants and records the index holds.
 */
public final class ProviderDirectoryService implements ProviderDirectoryUseCase {

    private static final Comparator<Folded> ORDER = Comparator.comparing(Folded::sortName)
            .thenComparing(folded -> folded.address().toLowerHex());

    private final IndexedProvidersPort index;
    private final EventIndexer indexer;

    public ProviderDirectoryService(IndexedProvidersPort index, EventIndexer indexer) {
        this.index = index;
        this.indexer = indexer;
    }

    @Override
    public Mono<Page<ListedProvider>> providers(Optional<ProviderSearch> search, PageRequest page) {
        return Mono.defer(() -> {
            long confirmedUpTo = indexer.status().cursor().map(IndexedBlock::number).orElse(-1L)
                    - indexer.settings().confirmations();
            return index.providerEvents().collect(HashMap<EthAddress, Folded>::new, ProviderDirectoryService::fold)
                    .flatMap(everyProvider -> {
                        Optional<Folded> after = page.after().map(cursor -> positionOf(cursor, everyProvider));
                        List<Folded> candidates = everyProvider.values().stream()
                                .filter(p -> p.status() == ProviderStatus.ACTIVE && p.statusBlock() <= confirmedUpTo)
                                .filter(p -> search.map(s -> s.matches(p.address(), p.name())).orElse(true))
                                .filter(p -> after.map(cursor -> ORDER.compare(p, cursor) > 0).orElse(true))
                                .sorted(ORDER)
                                .toList();
                        return index.latestKeys(candidates.stream().map(Folded::address).toList())
                                .map(keys -> candidates.stream()
                                        .flatMap(p -> keyOf(keys.get(p.address())).map(p::listed).stream())
                                        .limit(page.limit() + 1L)
                                        .toList());
                    })
                    .map(fetched -> Page.of(fetched, page.limit(),
                            listed -> PageCursor.of(PROVIDERS, listed.address().toLowerHex())));
        });
    }

    /**
     * The published key, if there is one the app can wrap for. The contract accepts only curve points, so a key that
     * does not parse is a defect elsewhere: that provider is left out rather than the whole directory failing.
     */
    private static Optional<EncryptionPublicKey> keyOf(ChainEvent.KeyPublished published) {
        if (published == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(EncryptionPublicKey.parse(published.publicKey()));
        } catch (RuntimeException notAKey) {
            return Optional.empty();
        }
    }

    /** A provider's state after its events so far, oldest first: the name and block of its accreditation. */
    private static void fold(Map<EthAddress, Folded> providers, ChainEvent.Provider event) {
        Folded before = providers.get(event.provider());
        if (before == null || event.detail().isPresent()) {
            providers.put(event.provider(), new Folded(event.provider(), event.detail().orElse(""), event.at(),
                    event.status(), event.at().blockNumber()));
        } else {
            providers.put(event.provider(), new Folded(before.address(), before.name(), before.accreditedAt(),
                    event.status(), event.at().blockNumber()));
        }
    }

    /** The cursor's provider, listed or not now; {@code AUDIT-0001} if the index holds none by that address. */
    private static Folded positionOf(PageCursor cursor, Map<EthAddress, Folded> everyProvider) {
        EthAddress address;
        try {
            address = EthAddress.parse(cursor.field(0));
        } catch (RuntimeException notAnAddress) {
            throw cursor.malformed();
        }
        Folded provider = everyProvider.get(address);
        if (provider == null) {
            throw cursor.malformed();
        }
        return provider;
    }

    private record Folded(EthAddress address, String name, LogPosition accreditedAt, ProviderStatus status,
            long statusBlock) {

        String sortName() {
            return name.toLowerCase(Locale.ROOT);
        }

        ListedProvider listed(EncryptionPublicKey key) {
            return new ListedProvider(address, name, key, accreditedAt);
        }
    }
}
