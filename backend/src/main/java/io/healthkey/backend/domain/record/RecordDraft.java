package io.healthkey.backend.domain.record;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;

/**
 * What an uploader declares before sending a client-encrypted record: whose it is, its category and media type,
 * the version it replaces, and the record key wrapped for each reader (at least the patient and the uploader).
 */
public record RecordDraft(EthAddress patient, Category category, String mediaType, Optional<RecordId> supersedes,
        List<ReaderKey> keys) {

    public RecordDraft {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(supersedes, "supersedes");
        keys = List.copyOf(keys);
    }
}
