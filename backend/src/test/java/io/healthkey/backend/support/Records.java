package io.healthkey.backend.support;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import reactor.core.publisher.Mono;

import io.healthkey.backend.application.record.RecordRegistryPort;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.record.AnchorRequest;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.Codec;

/** Record ids and anchor requests for tests; none of them needs content in IPFS. */
public final class Records {

    private Records() {
    }

    /** The CID of a raw block holding {@code text} in UTF-8. */
    public static Cid rawCid(String text) {
        return Cid.ofBlock(Codec.RAW, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The id one above the patient's last anchored serial, read from the chain. */
    public static RecordId nextId(RecordRegistryPort chain, EthAddress patient, Category category) {
        return RecordId.of(patient, category, chain.lastSerial(patient).block().add(BigInteger.ONE));
    }

    /** A first version written by the patient themself, of made-up content. */
    public static AnchorRequest byPatient(RecordId id) {
        return new AnchorRequest(id, id.patient(), rawCid("record " + id), Optional.empty());
    }

    /** A first version written by {@code author}, of made-up content. */
    public static AnchorRequest by(EthAddress author, RecordId id) {
        return new AnchorRequest(id, author, rawCid("record " + id + " by " + author), Optional.empty());
    }

    /** A patient's new record in {@code category}, anchored (mined) under the next serial; returns what was sent. */
    public static AnchorRequest anchorByPatient(OutboxRelay outbox, RecordRegistryPort chain, EthAddress patient,
            Category category) {
        AnchorRequest request = byPatient(nextId(chain, patient, category));
        anchor(outbox, chain, request).block();
        return request;
    }

    /** Relays the anchor through the outbox and waits until it is confirmed. */
    public static Mono<MinedTransaction> anchor(OutboxRelay outbox, RecordRegistryPort chain, AnchorRequest request) {
        return outbox.relay(RelayKind.ANCHOR, request.author(), request.id().toHex(), chain.anchorCall(request));
    }
}
