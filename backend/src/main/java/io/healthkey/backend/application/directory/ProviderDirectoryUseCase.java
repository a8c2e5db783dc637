package io.healthkey.backend.application.directory;

import java.util.Optional;

import io.healthkey.backend.domain.audit.Page;
import io.healthkey.backend.domain.audit.PageRequest;
import io.healthkey.backend.domain.directory.ProviderSearch;
import reactor.core.publisher.Mono;

/**
 * The providers a patient can pick a grantee from: those the event index shows accredited and not suspended (the
 * status change confirmed as deep as access checks require; a suspension counts at once) and that published an
 * encryption key. By name (case-insensitive), then address; paged like the audit lists.
 */
public interface ProviderDirectoryUseCase {

    String PROVIDERS = "providers";

    /**
     * One page of the listed providers that {@code search} matches (all when empty). Errors: {@code AUDIT-0001} for a
     * cursor of another list or naming a provider the index does not hold, {@code AUDIT-0002} for a limit out of
     * range.
     */
    Mono<Page<ListedProvider>> providers(Optional<ProviderSearch> search, PageRequest page);
}
