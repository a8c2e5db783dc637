package io.healthkey.backend.adapter.outbound.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import io.healthkey.backend.adapter.outbound.chain.contracts.ConsentRegistry;
import io.healthkey.backend.adapter.outbound.chain.contracts.ParticipantDirectory;
import io.healthkey.backend.application.outbox.NonceUse;
import io.healthkey.backend.application.outbox.SignedMessage;
import io.healthkey.backend.application.outbox.SignedMessagePort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.EthAddress;

/**
 * {@link SignedMessagePort} over the contracts' {@code ...BySig} functions ({@link SignedCall}) and their
 * {@code nonces(signer)}: a signer's nonce only goes up, by one per message used (or further, when the signer
 * invalidates nonces), so the block that used a nonce is the first whose {@code nonces(signer)} is above it. That
 * block is found by galloping back from the head, then bisecting: a nonce used lately (the case that matters) costs a few calls on
 * the recent state any node keeps. In that block, the transactions that logged an event for the signer are read:
 * the one whose calldata is a signed call of the signer with that nonce tells the digest that used it. A call made
 * through another contract (calldata not ours to read) counts as this message only if the block holds the
 * message's event with all of its fields.
 */
@Component
class SignedMessageAdapter implements SignedMessagePort {

    private final Web3j web3j;
    private final TransactionRelay relay;
    private final List<SignedCall> calls;

    SignedMessageAdapter(Web3j web3j, Deployment deployment, TransactionRelay relay) {
        this.web3j = web3j;
        this.relay = relay;
        List<SignedCall> known = new java.util.ArrayList<>(List.of(
                new SignedCall(deployment.consentRegistry(),
                        "grantBySig((address,address,bytes32,uint8,uint16,uint64,uint256,uint256),bytes)",
                        new TypeReference<ConsentRegistry.Grant>() { }, ConsentRegistry.ACCESSGRANTED_EVENT),
                new SignedCall(deployment.consentRegistry(),
                        "revokeBySig((address,address,bytes32,uint8,uint256,uint256),bytes)",
                        new TypeReference<ConsentRegistry.Revocation>() { }, ConsentRegistry.ACCESSREVOKED_EVENT),
                new SignedCall(deployment.consentRegistry(),
                        "cancelNoncesBySig((address,uint256,uint256,uint256),bytes)",
                        new TypeReference<ConsentRegistry.CancelNonces>() { },
                        ConsentRegistry.NONCESINVALIDATED_EVENT),
                new SignedCall(deployment.consentRegistry(),
                        "appointCaregiverBySig((address,address,address,bytes32[],uint8,uint64,uint256,uint256),bytes)",
                        new TypeReference<ConsentRegistry.Appointment>() { }, ConsentRegistry.CAREGIVERAPPOINTED_EVENT,
                        6),
                new SignedCall(deployment.consentRegistry(),
                        "revokeCaregiverBySig((address,address,uint256,uint256),bytes)",
                        new TypeReference<ConsentRegistry.CaregiverRevocation>() { },
                        ConsentRegistry.CAREGIVERREVOKED_EVENT, 2),
                new SignedCall(deployment.consentRegistry(), "grantByCaregiverBySig("
                        + "(address,address,address,bytes32,uint8,uint16,uint64,uint256,uint256),bytes)",
                        new TypeReference<ConsentRegistry.CaregiverGrant>() { },
                        ConsentRegistry.ACCESSGRANTEDBYCAREGIVER_EVENT, 5),
                new SignedCall(deployment.consentRegistry(),
                        "revokeByCaregiverBySig((address,address,address,bytes32,uint8,uint256,uint256),bytes)",
                        new TypeReference<ConsentRegistry.CaregiverGrantRevocation>() { },
                        ConsentRegistry.ACCESSREVOKEDBYCAREGIVER_EVENT),
                new SignedCall(deployment.participantDirectory(),
                        "publishEncryptionKeyBySig((address,bytes,uint256,uint256),bytes)",
                        new TypeReference<ParticipantDirectory.KeyPublication>() { },
                        ParticipantDirectory.ENCRYPTIONKEYPUBLISHED_EVENT)));
        deployment.emergencyAccess().ifPresent(emergency -> known.addAll(EmergencySignedCalls.of(emergency)));
        this.calls = List.copyOf(known);
    }

    @Override
    public Optional<SignedMessage> messageIn(ChainCall call) {
        return decode(call.target().toString(), call.calldata()).map(found -> found.decoded().in(call));
    }

    @Override
    public NonceUse nonceUse(SignedMessage message) {
        long latest = relay.blockNumber();
        if (noncesAt(message, latest).compareTo(message.nonce()) <= 0) {
            return new NonceUse.Unused();
        }
        long block = firstBlockPast(message, latest);
        List<Log> logs = relay.logs(new EthFilter(block(block), block(block), message.contract().toString())
                .addNullTopic().addSingleTopic("0x" + TypeEncoder.encode(new Address(message.signer().toString()))));
        Set<String> transactions = new LinkedHashSet<>();
        logs.forEach(log -> transactions.add(log.getTransactionHash()));
        for (String hash : transactions) {
            Transaction sent = TransactionRelay.rpc(() -> web3j.ethGetTransactionByHash(hash).send()).getTransaction()
                    .orElse(null);
            Optional<Found> used = sent == null ? Optional.empty() : decode(sent.getTo(), sent.getInput())
                    .filter(found -> found.decoded().signer().equals(message.signer())
                            && found.decoded().nonce().equals(message.nonce()));
            if (used.isPresent()) {
                return used.get().decoded().digest().equals(message.digest()) ? new NonceUse.ByThisMessage(mined(hash))
                        : new NonceUse.ByAnother(block, "another message (digest " + used.get().decoded().digest()
                                + ") in transaction " + hash);
            }
        }
        return eventOfThisMessage(message, logs).map(log -> (NonceUse) new NonceUse.ByThisMessage(
                        mined(log.getTransactionHash())))
                .orElseGet(() -> new NonceUse.ByAnother(block, "a transaction that emitted no event of this message"));
    }

    @Override
    public Instant blockTime(long block) {
        var header = TransactionRelay.rpc(() -> web3j.ethGetBlockByNumber(block(block), false).send()).getBlock();
        if (header == null) {
            throw new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "The node has no block " + block);
        }
        return Instant.ofEpochSecond(header.getTimestamp().longValueExact());
    }

    /** A call of one of {@link #calls}, decoded. */
    private record Found(SignedCall call, SignedCall.Decoded decoded) {
    }

    private Optional<Found> decode(String to, String input) {
        return calls.stream().filter(call -> call.isCalledBy(to, input)).findFirst()
                .flatMap(call -> call.decode(input).map(decoded -> new Found(call, decoded)));
    }

    /** The log in {@code logs} that is {@code message}'s own event, with every field of it. */
    private Optional<Log> eventOfThisMessage(SignedMessage message, List<Log> logs) {
        return decode(message.contract().toString(), message.call().calldata())
                .flatMap(ours -> logs.stream().filter(log -> ours.call().emittedFor(ours.decoded(), log)).findFirst());
    }

    /** The first block at or below {@code latest} whose {@code nonces(signer)} is above the message's nonce. */
    private long firstBlockPast(SignedMessage message, long latest) {
        long past = latest;
        long notPast = -1;
        for (long back = 1; past - back >= 0; back *= 2) {
            long probe = past - back;
            if (noncesAt(message, probe).compareTo(message.nonce()) <= 0) {
                notPast = probe;
                break;
            }
            past = probe;
        }
        while (past - notPast > 1) {
            long middle = notPast + (past - notPast) / 2;
            if (noncesAt(message, middle).compareTo(message.nonce()) > 0) {
                past = middle;
            } else {
                notPast = middle;
            }
        }
        return past;
    }

    private BigInteger noncesAt(SignedMessage message, long block) {
        String data = FunctionEncoder.encode(new Function("nonces", List.of(new Address(message.signer().toString())),
                List.of(new TypeReference<Uint256>() { })));
        String answer = Numeric.cleanHexPrefix(relay.call(message.contract().toString(), data, block(block)));
        return answer.isEmpty() ? BigInteger.ZERO : new BigInteger(answer, 16);
    }

    private MinedTransaction mined(String hash) {
        TransactionReceipt receipt = TransactionRelay.rpc(() -> web3j.ethGetTransactionReceipt(hash).send())
                .getTransactionReceipt().orElseThrow(() -> new DomainException(ErrorCode.CHAIN_UNAVAILABLE,
                        "The node lost the receipt of " + hash));
        return new MinedTransaction(receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact(),
                receipt.getGasUsed().longValueExact());
    }

    private static DefaultBlockParameter block(long number) {
        return DefaultBlockParameter.valueOf(BigInteger.valueOf(number));
    }
}
