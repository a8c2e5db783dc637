package io.healthkey.backend.adapter.out.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.adapter.out.chain.contracts.ConsentRegistry;
import io.healthkey.backend.adapter.out.chain.contracts.RecordRegistry;
import io.healthkey.backend.application.port.out.RecordChainPort;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.domain.record.AnchorRequest;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.Codec;

/**
 * {@link RecordChainPort} on the generated {@link RecordRegistry} wrapper (and {@link ConsentRegistry} for
 * {@link #mayWrite}). The wrappers only encode calls; {@link TransactionRelay} simulates, sends and decodes reverts.
 * Blocking web3j calls run on the bounded elastic scheduler, never on the event loop.
 *
 * <p>{@link #anchored} reads {@code RecordAnchored} logs from the deployment's start block to the latest block in one
 * {@code eth_getLogs}: enough for a dev chain and a node without a block-range limit. The id is the first indexed
 * topic, so the node's log index answers it without scanning event data.
 */
@Component
class RecordRegistryAdapter implements RecordChainPort {

    private static final String RECORD_ANCHORED = EventEncoder.encode(RecordRegistry.RECORDANCHORED_EVENT);

    private final RecordRegistry registry;
    private final ConsentRegistry consent;
    private final String address;
    private final String consentAddress;
    private final long startBlock;
    private final TransactionRelay relay;

    RecordRegistryAdapter(Web3j web3j, Deployment deployment, TransactionRelay relay) {
        this.address = deployment.recordRegistry().toString();
        this.consentAddress = deployment.consentRegistry().toString();
        this.startBlock = deployment.startBlock();
        this.relay = relay;
        var readOnly = new ReadonlyTransactionManager(web3j, relay.relayerAddress());
        this.registry = RecordRegistry.load(address, web3j, readOnly, new DefaultGasProvider());
        this.consent = ConsentRegistry.load(consentAddress, web3j, readOnly, new DefaultGasProvider());
    }

    @Override
    public Mono<Void> simulateAnchor(AnchorRequest anchor) {
        String call = anchorCall(anchor);
        return blocking(() -> relay.call(address, call, DefaultBlockParameterName.PENDING)).then();
    }

    @Override
    public Mono<MinedTransaction> anchor(AnchorRequest anchor) {
        String call = anchorCall(anchor);
        return blocking(() -> relay.send(address, call));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Fails with an {@link IllegalStateException} if more than one {@code RecordAnchored} log carries {@code id}:
     * the contract makes that impossible (serials strictly increase per patient, and the id holds the patient), so
     * two logs mean a faulty node or a deployment file naming the wrong contract. Picking one of them would let the
     * service vouch for content the chain does not identify unambiguously.
     */
    @Override
    public Mono<AnchoredRecord> anchored(RecordId id) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(startBlock)),
                DefaultBlockParameterName.LATEST, address);
        filter.addSingleTopic(RECORD_ANCHORED);
        filter.addSingleTopic(id.toHex());
        return blocking(() -> relay.logs(filter)).flatMap(logs -> Mono.justOrEmpty(onlyOne(id, logs)));
    }

    @Override
    public Mono<BigInteger> lastSerial(EthAddress patient) {
        return blocking(() -> relay.read(address, registry.lastSerialOf(patient.toString()), BigInteger.class,
                DefaultBlockParameterName.LATEST));
    }

    @Override
    public Mono<Boolean> mayWrite(EthAddress patient, EthAddress author, Category category) {
        return blocking(() -> relay.read(consentAddress, consent.mayWriteCategory(patient.toString(),
                author.toString(), BigInteger.valueOf(category.code())), Boolean.class,
                DefaultBlockParameterName.LATEST));
    }

    private String anchorCall(AnchorRequest anchor) {
        Cid cid = anchor.cid();
        var version = new RecordRegistry.Anchor(anchor.id().toBytes32().toBytes(), anchor.author().toString(),
                cid.digest().toBytes(), BigInteger.valueOf(cid.codec().code()),
                anchor.supersedes().map(RecordId::toBytes32).orElse(Bytes32.ZERO).toBytes());
        return registry.anchor(version).encodeFunctionCall();
    }

    private static Optional<AnchoredRecord> onlyOne(RecordId id, List<Log> logs) {
        if (logs.size() > 1) {
            throw new IllegalStateException(logs.size() + " RecordAnchored logs for record " + id
                    + ": ids are unique on chain, so the node or the deployment's RecordRegistry address is wrong");
        }
        return logs.stream().findFirst().map(RecordRegistryAdapter::toAnchoredRecord);
    }

    private static AnchoredRecord toAnchoredRecord(Log log) {
        var event = RecordRegistry.getRecordAnchoredEventFromLog(log);
        Bytes32 supersedes = Bytes32.fromBytes(event.supersedes);
        return new AnchoredRecord(
                RecordId.fromBytes32(Bytes32.fromBytes(event.id)),
                EthAddress.parse(event.author),
                Cid.of(Codec.fromCode(event.codec.longValueExact()), Bytes32.fromBytes(event.contentDigest)),
                supersedes.isZero() ? Optional.empty() : Optional.of(RecordId.fromBytes32(supersedes)),
                log.getTransactionHash(),
                log.getBlockNumber().longValueExact());
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
