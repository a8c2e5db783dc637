package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.EventIndexAdapter.CONSENT_NAMES;
import static io.healthkey.backend.adapter.outbound.persistence.EventIndexAdapter.EVENT_COLUMNS;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import io.healthkey.backend.application.audit.ReceivedConsentPort;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;

/** {@link ReceivedConsentPort} on the event index's {@code chain_event} rows, by grantee (V22's index). */
@Component
class ReceivedConsentAdapter implements ReceivedConsentPort {

    private final DatabaseClient database;

    ReceivedConsentAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Flux<ChainEvent.Consent> consentEventsTo(EthAddress grantee) {
        return database.sql("SELECT " + EVENT_COLUMNS + " FROM chain_event WHERE counterpart = :g AND name IN "
                        + CONSENT_NAMES + " ORDER BY block_number DESC, log_index DESC")
                .bind("g", grantee.toString())
                .map(EventIndexAdapter::consent)
                .all();
    }
}
