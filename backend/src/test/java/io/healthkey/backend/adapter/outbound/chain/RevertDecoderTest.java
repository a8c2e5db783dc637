package io.healthkey.backend.adapter.outbound.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

class RevertDecoderTest {

    private static final String PATIENT = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    private final RevertDecoder decoder = new RevertDecoder(ContractErrorCatalog.fromClasspath());

    @Test
    void decodesCustomErrorIntoItsDomainCodeWithNamedArguments() {
        String data = revertData("ConsentRegistryInvalidNonce(address,uint256,uint256)",
                new Address(PATIENT), new Uint256(1), new Uint256(0));

        DomainException decoded = decoder.decode(data);

        assertThat(decoded.errorCode()).isEqualTo(ErrorCode.CONSENT_NONCE_MISMATCH);
        assertThat(decoded.getMessage())
                .isEqualTo("ConsentRegistryInvalidNonce(patient=" + PATIENT + ", expected=1, given=0)");
    }

    @Test
    void findsRevertDataNestedTheWayHardhatReturnsIt() {
        String data = revertData("ConsentRegistryExpiredSignature(uint256)", new Uint256(BigInteger.TEN));
        String hardhatError = "{\"message\":\"Error: VM Exception while processing transaction: reverted with custom "
                + "error 'ConsentRegistryExpiredSignature(10)'\",\"txHash\":\"0x" + "ab".repeat(32) + "\",\"data\":\""
                + data + "\"}";

        assertThat(decoder.revertDataIn(hardhatError)).contains(data);
        assertThat(decoder.decode(decoder.revertDataIn(hardhatError).orElseThrow()).errorCode())
                .isEqualTo(ErrorCode.CONSENT_SIGNATURE_EXPIRED);
    }

    @Test
    void findsRevertDataGivenAsBareHexTheWayAnvilAndGethReturnIt() {
        String data = revertData("RecordRegistryEmptyBatch()");

        assertThat(decoder.revertDataIn(data)).contains(data);
    }

    @Test
    void treatsUnknownSelectorsAndErrorStringsAsUnknownReverts() {
        assertThat(decoder.decode("0xdeadbeef").errorCode()).isEqualTo(ErrorCode.CHAIN_UNKNOWN_REVERT);
        assertThat(decoder.decode(revertData("Error(string)", new Utf8String("nope"))).errorCode())
                .isEqualTo(ErrorCode.CHAIN_UNKNOWN_REVERT);
        assertThat(decoder.decode("0x").errorCode()).isEqualTo(ErrorCode.CHAIN_UNKNOWN_REVERT);
    }

    @Test
    void survivesTruncatedArguments() {
        String data = revertData("ConsentRegistryInvalidNonce(address,uint256,uint256)",
                new Address(PATIENT), new Uint256(1), new Uint256(0));

        DomainException decoded = decoder.decode(data.substring(0, 10 + 64));

        assertThat(decoded.errorCode()).isEqualTo(ErrorCode.CONSENT_NONCE_MISMATCH);
        assertThat(decoded.getMessage()).contains("undecodable");
    }

    private static String revertData(String signature, Type<?>... arguments) {
        return Hash.sha3String(signature).substring(0, 10) + FunctionEncoder.encodeConstructor(List.of(arguments));
    }
}
