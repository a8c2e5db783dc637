package io.healthkey.backend.support;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import io.healthkey.protocol.EthAddress;

/** Deploys the contract wallet mocks (contracts/mocks) from their Hardhat artifacts, as the dev deployer. */
public final class ContractWallets {

    private ContractWallets() {
    }

    /** A contract wallet whose signatures are {@code owner}'s. */
    public static EthAddress deploy(Web3j web3j, long chainId, Path root, EthAddress owner) {
        return deployMock(web3j, chainId, root, "ERC1271WalletMock",
                FunctionEncoder.encodeConstructor(List.of(new Address(owner.toString()))));
    }

    /** The mock {@code name} of contracts/mocks, with its ABI-encoded constructor arguments (hex, no 0x). */
    public static EthAddress deployMock(Web3j web3j, long chainId, Path root, String name, String constructor) {
        String artifact = "artifacts/contracts/mocks/" + name + ".sol/" + name + ".json";
        try {
            String bytecode = new ObjectMapper().readTree(Files.readString(root.resolve(artifact)))
                    .path("bytecode").asText();
            var receipts = new PollingTransactionReceiptProcessor(web3j, 50, 1_200);
            var deployer = new RawTransactionManager(web3j, Credentials.create(LocalStack.DEPLOYER_KEY), chainId,
                    receipts);
            var sent = deployer.sendTransaction(DefaultGasProvider.GAS_PRICE, BigInteger.valueOf(5_000_000), null,
                    bytecode + constructor, BigInteger.ZERO);
            TransactionReceipt receipt = receipts.waitForTransactionReceipt(sent.getTransactionHash());
            return EthAddress.parse(receipt.getContractAddress());
        } catch (Exception e) {
            throw new IllegalStateException("could not deploy " + name, e);
        }
    }
}
