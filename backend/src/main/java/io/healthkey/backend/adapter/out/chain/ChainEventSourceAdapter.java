package io.healthkey.backend.adapter.out.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;

import io.healthkey.backend.application.port.out.ChainEventSourcePort;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.network.Deployment;

/**
 * {@link ChainEventSourcePort} over JSON-RPC: headers in one batch request, logs of all three contracts in one
 * {@code eth_getLogs} filter. web3j's HTTP transport has no subscriptions: the indexer polls.
 */
@Component
class ChainEventSourceAdapter implements ChainEventSourcePort {

    private final Web3j web3j;
    private final TransactionRelay relay;
    private final List<String> addresses;
    private final ChainEventDecoder decoder;

    ChainEventSourceAdapter(Web3j web3j, TransactionRelay relay, Deployment deployment) {
        this.web3j = web3j;
        this.relay = relay;
        this.addresses = List.of(deployment.participantDirectory().toString(), deployment.consentRegistry().toString(),
                deployment.recordRegistry().toString());
        this.decoder = new ChainEventDecoder(deployment);
    }

    @Override
    public long headNumber() {
        return relay.blockNumber();
    }

    @Override
    public List<IndexedBlock> blocks(long from, long to) {
        var batch = web3j.newBatch();
        for (long number = from; number <= to; number++) {
            batch.add(web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false));
        }
        List<IndexedBlock> blocks = new ArrayList<>();
        try {
            for (var response : batch.send().getResponses()) {
                EthBlock.Block block = ((EthBlock) response).getBlock();
                if (block == null) {
                    break;
                }
                blocks.add(new IndexedBlock(block.getNumber().longValueExact(), block.getHash(), block.getParentHash(),
                        block.getTimestamp().longValueExact()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("block headers " + from + ".." + to + " unavailable", e);
        }
        return blocks;
    }

    @Override
    public List<ChainEvent> events(long from, long to) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), addresses);
        return relay.logs(filter).stream().map(decoder::decode).flatMap(Optional::stream).toList();
    }
}
