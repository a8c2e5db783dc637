package io.healthkey.backend.adapter.outbound.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.utils.Numeric;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * Turns revert data into a {@link DomainException}. web3j decodes only {@code Error(string)}; the
 * contracts revert with custom errors, whose selector and arguments this decodes from their ABI.
 *
 * <p>Nodes put revert data in different places: Hardhat nests it in an object, anvil and geth give a
 * bare hex string. {@link #revertDataIn(String)} finds it in either.
 */
final class RevertDecoder {

    private static final String ERROR_STRING_SELECTOR = "0x08c379a0";
    private static final String PANIC_SELECTOR = "0x4e487b71";
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{8,}");

    private final ContractErrorCatalog catalog;

    RevertDecoder(ContractErrorCatalog catalog) {
        this.catalog = catalog;
    }

    /** The domain exception for {@code revertData} (0x-prefixed hex), or an unknown-revert one. */
    DomainException decode(String revertData) {
        if (revertData == null || revertData.length() < 10) {
            return new DomainException(ErrorCode.CHAIN_UNKNOWN_REVERT, "Reverted without a reason");
        }
        String selector = revertData.substring(0, 10).toLowerCase();
        if (selector.equals(ERROR_STRING_SELECTOR) || selector.equals(PANIC_SELECTOR)) {
            return new DomainException(ErrorCode.CHAIN_UNKNOWN_REVERT, "Reverted: " + revertData.substring(0, 10));
        }
        return catalog.bySelector(selector)
                .map(error -> toDomainException(error, revertData))
                .orElseGet(() -> new DomainException(ErrorCode.CHAIN_UNKNOWN_REVERT,
                        "Reverted with unknown error " + selector));
    }

    /** The revert data inside a JSON-RPC error's {@code data} field, whatever shape the node gave it. */
    Optional<String> revertDataIn(String errorData) {
        if (errorData == null) {
            return Optional.empty();
        }
        List<String> candidates = new ArrayList<>();
        Matcher matcher = HEX.matcher(errorData);
        while (matcher.find()) {
            String hex = matcher.group();
            if (hex.length() % 2 == 0) {
                candidates.add(hex);
            }
        }
        return candidates.stream()
                .filter(hex -> catalog.bySelector(hex.substring(0, 10)).isPresent())
                .findFirst()
                .or(() -> candidates.stream().findFirst());
    }

    private static DomainException toDomainException(ContractError error, String revertData) {
        ErrorCode code = ContractErrorCodes.forError(error.name()).orElse(ErrorCode.CHAIN_UNKNOWN_REVERT);
        return new DomainException(code, describe(error, revertData));
    }

    private static String describe(ContractError error, String revertData) {
        List<Type> values = decodeArguments(error, revertData);
        if (values.size() != error.argumentTypes().size()) {
            return error.name() + "(undecodable arguments)";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            parts.add(error.argumentNames().get(i) + "=" + render(values.get(i)));
        }
        return error.name() + "(" + String.join(", ", parts) + ")";
    }

    private static List<Type> decodeArguments(ContractError error, String revertData) {
        try {
            return FunctionReturnDecoder.decode(revertData.substring(10), error.argumentTypes());
        } catch (RuntimeException truncatedOrMalformed) {
            return List.of();
        }
    }

    private static String render(Type value) {
        Object raw = value.getValue();
        return raw instanceof byte[] bytes ? Numeric.toHexString(bytes) : String.valueOf(raw);
    }
}
