package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.instant;
import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.utc;

import java.time.LocalDateTime;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.healthkey.backend.application.emergency.EmergencyTransfersPort;
import io.healthkey.backend.domain.emergency.EmergencyTransfer;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link EmergencyTransfersPort} on R2DBC: the table's primary key decides which of two equal transfers wins. */
@Component
class EmergencyTransferAdapter implements EmergencyTransfersPort {

    private final DatabaseClient database;

    EmergencyTransferAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<Boolean> add(EmergencyTransfer transfer) {
        ShareTransferMessage message = transfer.message();
        return database.sql("""
                        INSERT INTO emergency_transfer (patient, requester, kit_id, keyholder, recipient, share, deadline,
                            signature, accepted_at)
                        VALUES (:patient, :requester, :kitId, :keyholder, :recipient, :share, :deadline, :signature,
                            :acceptedAt)""")
                .bind("patient", message.patient().toString())
                .bind("requester", transfer.requester().toString())
                .bind("kitId", message.kitId().toHex())
                .bind("keyholder", message.guardian().toString())
                .bind("recipient", message.recipientPublicKey().toHex())
                .bind("share", Hex.encode(message.share()))
                .bind("deadline", utc(message.deadline()))
                .bind("signature", transfer.signature().toHex())
                .bind("acceptedAt", utc(transfer.acceptedAt()))
                .fetch().rowsUpdated()
                .thenReturn(true)
                .onErrorResume(DataIntegrityViolationException.class, duplicate -> Mono.just(false));
    }

    @Override
    public Flux<EmergencyTransfer> of(EthAddress patient, EthAddress requester, Bytes32 kitId) {
        return database.sql("""
                        SELECT keyholder, recipient, share, deadline, signature, accepted_at FROM emergency_transfer
                        WHERE patient = :patient AND requester = :requester AND kit_id = :kitId
                        ORDER BY accepted_at, keyholder""")
                .bind("patient", patient.toString())
                .bind("requester", requester.toString())
                .bind("kitId", kitId.toHex())
                .map(row -> new EmergencyTransfer(requester, new ShareTransferMessage(kitId, patient,
                        EthAddress.parse(row.get("keyholder", String.class)),
                        EncryptionPublicKey.parse(row.get("recipient", String.class)),
                        Hex.decode(row.get("share", String.class), "share"),
                        instant(row.get("deadline", LocalDateTime.class))),
                        AccountSignature.parse(row.get("signature", String.class)),
                        instant(row.get("accepted_at", LocalDateTime.class))))
                .all();
    }
}
