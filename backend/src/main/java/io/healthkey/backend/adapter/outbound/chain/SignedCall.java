package io.healthkey.backend.adapter.outbound.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import io.healthkey.backend.application.outbox.SignedMessage;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.protocol.EthAddress;

/**
 * One contract function that takes a signed message: {@code f(Message message, bytes signature)}, where the
 * message's first field is the signer, its last two the signer's nonce and the deadline, and where the event the
 * function emits on success begins with the message's first {@code sharedFields} fields, in order (all of its
 * parameters for the consent and directory events; a caregiver event adds the generation after them, the emergency
 * events a version, round or time). The four {@code ...BySig}
 * functions of the contracts have this shape; a new one is one more {@code SignedCall} in
 * {@link SignedMessageAdapter}.
 *
 * @param signature the function's canonical ABI signature, e.g. {@code grantBySig((address,...),bytes)}
 * @param message the generated wrapper's struct of the message
 * @param event the event the function emits, from the generated wrapper
 * @param sharedFields how many of the event's first parameters are the message's first fields
 */
record SignedCall(EthAddress contract, String signature, TypeReference<? extends Type<?>> message, Event event,
        int sharedFields) {

    /** A function whose event's parameters are all the message's first fields. */
    SignedCall(EthAddress contract, String signature, TypeReference<? extends Type<?>> message, Event event) {
        this(contract, signature, message, event, event.getParameters().size());
    }

    /** {@code 0x} and the function's four-byte selector. */
    String selector() {
        return Hash.sha3String(signature).substring(0, 10);
    }

    /** Whether {@code to} and {@code input} are a call of this function. */
    boolean isCalledBy(String to, String input) {
        return to != null && input != null && contract.equals(EthAddress.parse(to))
                && input.toLowerCase().startsWith(selector());
    }

    /** The message {@code input} (a call of this function, see {@link #isCalledBy}) carries; empty if malformed. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    Optional<Decoded> decode(String input) {
        try {
            List<Type> arguments = FunctionReturnDecoder.decode(input.substring(selector().length()),
                    (List) List.of(message, new TypeReference<DynamicBytes>() { }));
            if (arguments.size() != 2) {
                return Optional.empty();
            }
            Type<?> struct = arguments.get(0);
            List<Type> fields = (List<Type>) struct.getValue();
            String digest = Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(
                    selector() + TypeEncoder.encode(struct))));
            BigInteger deadline = ((Uint256) fields.get(fields.size() - 1)).getValue();
            return Optional.of(new Decoded(EthAddress.parse(((Address) fields.get(0)).getValue()),
                    ((Uint256) fields.get(fields.size() - 2)).getValue(),
                    deadline.bitLength() < 55 ? Instant.ofEpochSecond(deadline.longValueExact()) : Instant.MAX,
                    digest, fields));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    /** A call's message: who signed it, with which nonce, until when; its digest over the whole message. */
    record Decoded(EthAddress signer, BigInteger nonce, Instant deadline, String digest, List<Type> fields) {

        SignedMessage in(ChainCall call) {
            return new SignedMessage(call, signer, nonce, deadline, digest);
        }
    }

    /**
     * Whether {@code log} is this function's event with {@code message}'s fields: its first {@link #sharedFields}
     * parameters, topics or data, equal to the message's first fields.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    boolean emittedFor(Decoded message, Log log) {
        List<String> topics = log.getTopics();
        if (topics.isEmpty() || !EventEncoder.encode(event).equals(topics.get(0))) {
            return false;
        }
        List<Type> data;
        try {
            data = FunctionReturnDecoder.decode(log.getData(), (List) event.getNonIndexedParameters());
        } catch (RuntimeException malformed) {
            return false;
        }
        List<TypeReference<Type>> parameters = event.getParameters();
        int topic = 1;
        int word = 0;
        for (int i = 0; i < sharedFields; i++) {
            String field = TypeEncoder.encode(message.fields().get(i));
            if (parameters.get(i).isIndexed()) {
                if (topic >= topics.size() || !("0x" + field).equals(topics.get(topic++))) {
                    return false;
                }
            } else if (word >= data.size() || !field.equals(TypeEncoder.encode(data.get(word++)))) {
                return false;
            }
        }
        return true;
    }
}
