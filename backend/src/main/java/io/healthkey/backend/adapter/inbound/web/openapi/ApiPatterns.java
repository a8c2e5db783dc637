package io.healthkey.backend.adapter.inbound.web.openapi;

import io.healthkey.protocol.account.AccountSignature;

/**
 * The shapes of the API's textual values, as OpenAPI {@code pattern}s: generated clients and fuzzers check values
 * against them before the request is sent. They describe what a client must send and what the API answers; the
 * parsers ({@code RequestFields}) are the rule, and stay as strict (an address's EIP-55 checksum, a signature's
 * {@code s} range, a point on the curve are checked there, not here).
 */
public final class ApiPatterns {

    /** An account or contract: {@code 0x} and 40 hex digits; any case in, EIP-55 checksummed out. */
    public static final String ADDRESS = "^0x[0-9a-fA-F]{40}$";

    /** 32 bytes: {@code 0x} and 64 hex digits. A record id, a consent scope, a hash, a Merkle root or node. */
    public static final String BYTES32 = "^0x[0-9a-fA-F]{64}$";

    /** Bytes of any length: {@code 0x} and an even number of hex digits. */
    public static final String HEX = "^0x([0-9a-fA-F]{2})*$";

    /**
     * An account's signature: {@code 0x} and 1 to {@link AccountSignature#MAX_BYTES} bytes. A key's is 65 bytes
     * {@code r | s | v}; a contract wallet's and an ERC-6492 wrapper are as long as they are.
     */
    public static final String SIGNATURE = "^0x([0-9a-fA-F]{2}){1," + AccountSignature.MAX_BYTES + "}$";

    /** What {@link #SIGNATURE} may hold, for the signature fields' descriptions. */
    public static final String SIGNATURE_FORMS = "a key's 65 bytes r | s | v (low s, v 27 or 28); a contract "
            + "wallet's ERC-1271 signature, as its isValidSignature reads it; or, for an account not deployed yet, "
            + "an ERC-6492 signature: abi.encode(address factory, bytes factoryCalldata, bytes signature) followed "
            + "by 32 bytes 0x6492…6492, in canonical ABI encoding. At most " + AccountSignature.MAX_BYTES
            + " bytes";

    /** The description of a relayed message's signature field. */
    public static final String TYPED_DATA_SIGNATURE = "the account's signature of the typed data "
            + "(eth_signTypedData_v4 for a key): " + SIGNATURE_FORMS;

    /** A compressed secp256k1 public key (33 bytes): {@code 0x02} or {@code 0x03} and 64 hex digits. */
    public static final String ENCRYPTION_KEY = "^0x0[23][0-9a-fA-F]{64}$";

    /** An unsigned integer up to 2^256 - 1, in decimal: a nonce, a serial. */
    public static final String UINT = "^[0-9]{1,78}$";

    /** A time in Unix seconds, in decimal. */
    public static final String UNIX_SECONDS = "^[0-9]{1,12}$";

    /** A database id in decimal: positive, below 2^63. */
    public static final String ID = "^[1-9][0-9]{0,18}$";

    /** A CIDv1 in base32 ({@code b...}): raw leaves or dag-pb, sha2-256. */
    public static final String CID = "^b[a-z2-7]{58,}$";

    /** A chain request of the outbox: a UUID. */
    public static final String REQUEST_ID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    /** A stable problem code: area, dash, four digits. */
    public static final String PROBLEM_CODE = "^[A-Z]+-[0-9]{4}$";

    /** The description every Unix-seconds field carries, so that no client has to guess the unit. */
    public static final String UNIX_SECONDS_UNIT = "Unix seconds (UTC), a decimal string";

    /** The description every ISO-8601 field carries. */
    public static final String INSTANT_UNIT = "ISO-8601 instant in UTC, e.g. 2026-03-01T12:00:00Z";

    private ApiPatterns() {
    }
}
