package io.healthkey.backend.support;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;

import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.utils.Numeric;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.account.Erc6492Signature;

/**
 * The passkey accounts of {@code contracts/account} as a client finds them through {@code PasskeyAccountFactory}
 * ({@code accounts.factories[0]} of {@code GET /api/v1/network}), salt zero: where a passkey's account will be, and
 * its signatures wrapped in ERC-6492 until it is deployed.
 */
public record PasskeyAccounts(Web3j web3j, EthAddress factory) {

    private static final Bytes32 NO_SALT = new Bytes32(new byte[32]);

    /** {@code createAccount(qx, qy, 0)}: the factory call an ERC-6492 signature carries. */
    public byte[] createAccountCall(SoftwarePasskey passkey) {
        return Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function("createAccount",
                List.of(new Bytes32(passkey.qx()), new Bytes32(passkey.qy()), NO_SALT), List.of())));
    }

    /** {@code predictAccount(qx, qy, 0)}: the passkey's account address, deployed or not. */
    public EthAddress predict(SoftwarePasskey passkey) throws IOException {
        String call = FunctionEncoder.encode(new Function("predictAccount",
                List.of(new Bytes32(passkey.qx()), new Bytes32(passkey.qy()), NO_SALT), List.of()));
        String word = web3j.ethCall(Transaction.createEthCallTransaction(null, factory.toString(), call),
                DefaultBlockParameterName.LATEST).send().getValue();
        return EthAddress.parse("0x" + word.substring(word.length() - 40));
    }

    /** {@code inner}, the signature the account will accept once {@code passkey}'s account is created, as ERC-6492. */
    public String wrap(SoftwarePasskey passkey, byte[] inner) {
        return new Erc6492Signature(factory, createAccountCall(passkey), AccountSignature.fromBytes(inner))
                .toAccountSignature().toHex();
    }

    public boolean isDeployed(EthAddress account) throws IOException {
        return !"0x".equals(web3j.ethGetCode(account.toString(), DefaultBlockParameterName.LATEST).send().getCode());
    }

    public BigInteger balance(EthAddress account) throws IOException {
        return web3j.ethGetBalance(account.toString(), DefaultBlockParameterName.LATEST).send().getBalance();
    }
}
