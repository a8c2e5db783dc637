package io.healthkey.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.utils.Numeric;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.outbound.chain.contracts.RecordRegistry;

import io.healthkey.backend.application.record.RecordRegistryPort;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.record.AnchorRequest;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.Codec;
import io.healthkey.protocol.content.UnixFsImporter;
import io.healthkey.protocol.content.UnixFsLayout;

/** Record ids and anchor requests for tests; none of them needs content in IPFS. */
public final class Records {

    private Records() {
    }

    /** The CID {@code ipfs add --cid-version=1 --raw-leaves} gives {@code bytes}: what a one-shot upload stores. */
    public static Cid cidOf(byte[] bytes) {
        UnixFsImporter importer = UnixFsImporter.hashOnly(UnixFsLayout.KUBO);
        importer.write(bytes, 0, bytes.length);
        return importer.finish().cid();
    }

    /** The CID of a raw block holding {@code text} in UTF-8. */
    public static Cid rawCid(String text) {
        return Cid.ofBlock(Codec.RAW, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The id of the patient's category with the lowest serial nobody has anchored, asked of the chain. */
    public static RecordId nextId(RecordRegistryPort chain, EthAddress patient, Category category) {
        for (long serial = 1; ; serial++) {
            RecordId id = RecordId.of(patient, category, serial);
            if (!chain.isAnchored(id).block()) {
                return id;
            }
        }
    }

    /** How many {@code RecordAnchored} events of {@code registry} name {@code patient}, whatever the id, on the chain. */
    public static int anchoredEventsOf(Web3j web3j, String registry, EthAddress patient) {
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, registry)
                .addSingleTopic(EventEncoder.encode(RecordRegistry.RECORDANCHORED_EVENT))
                .addNullTopic()
                .addSingleTopic(Numeric.toHexString(patient.toWord()));
        try {
            return web3j.ethGetLogs(filter).send().getLogs().size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A first version written by the patient themself, of made-up content. */
    public static AnchorRequest byPatient(RecordId id) {
        return new AnchorRequest(id, id.patient(), rawCid("record " + id), Optional.empty());
    }

    /** A first version written by {@code author}, of made-up content. */
    public static AnchorRequest by(EthAddress author, RecordId id) {
        return new AnchorRequest(id, author, rawCid("record " + id + " by " + author), Optional.empty());
    }

    /** A patient's new record in {@code category}, anchored (mined) under its lowest free serial; returns what was sent. */
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
