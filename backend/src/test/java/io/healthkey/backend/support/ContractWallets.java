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

/** Deploys the ERC-1271 wallet mock (contracts/mocks) from its Hardhat artifact, as the dev deployer. */
public final class ContractWallets {

    private static final String ARTIFACT = "artifacts/contracts/mocks/ERC1271WalletMock.sol/ERC1271WalletMock.json";

    private ContractWallets() {
    }

    /** A contract wallet whose signatures are {@code owner}'s. */
    public static EthAddress deploy(Web3j web3j, long chainId, Path root, EthAddress owner) {
        try {
            String bytecode = new ObjectMapper().readTree(Files.readString(root.resolve(ARTIFACT)))
                    .path("bytecode").asText();
            String constructor = FunctionEncoder.encodeConstructor(List.of(new Address(owner.toString())));
            var receipts = new PollingTransactionReceiptProcessor(web3j, 50, 1_200);
            var deployer = new RawTransactionManager(web3j, Credentials.create(LocalStack.DEPLOYER_KEY), chainId,
                    receipts);
            var sent = deployer.sendTransaction(DefaultGasProvider.GAS_PRICE, BigInteger.valueOf(1_000_000), null,
                    bytecode + constructor, BigInteger.ZERO);
            TransactionReceipt receipt = receipts.waitForTransactionReceipt(sent.getTransactionHash());
            return EthAddress.parse(receipt.getContractAddress());
        } catch (Exception e) {
            throw new IllegalStateException("could not deploy the ERC-1271 wallet mock", e);
        }
    }
}
