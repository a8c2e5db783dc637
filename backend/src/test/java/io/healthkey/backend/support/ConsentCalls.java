package io.healthkey.backend.support;

import java.math.BigInteger;
import java.util.List;

import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Scope;

/** Calldata of the contracts' state-changing functions, for transactions sent straight from dev accounts. */
public final class ConsentCalls {

    private ConsentCalls() {
    }

    public static String grant(EthAddress grantee, Scope scope, int action, int purpose, long expiresAt) {
        return FunctionEncoder.encode(new Function("grant", List.of(new Address(grantee.toString()),
                new Bytes32(scope.toBytes32().toBytes()), new Uint8(action), new Uint16(purpose),
                new Uint64(BigInteger.valueOf(expiresAt))), List.of()));
    }

    public static String revoke(EthAddress grantee, Scope scope, int action) {
        return FunctionEncoder.encode(new Function("revoke", List.of(new Address(grantee.toString()),
                new Bytes32(scope.toBytes32().toBytes()), new Uint8(action)), List.of()));
    }

    public static String accredit(EthAddress provider, String name) {
        return FunctionEncoder.encode(new Function("accredit", List.of(new Address(provider.toString()),
                new Utf8String(name), new Bytes32(new byte[32])), List.of()));
    }

    public static String suspend(EthAddress provider, int reason) {
        return FunctionEncoder.encode(new Function("suspend", List.of(new Address(provider.toString()),
                new Uint16(reason)), List.of()));
    }

    public static String reinstate(EthAddress provider) {
        return FunctionEncoder.encode(new Function("reinstate", List.of(new Address(provider.toString())),
                List.of()));
    }
}
