package io.healthkey.backend.domain.error;

/**
 * Stable error codes. A code never changes meaning once released: clients branch on {@link #code()},
 * never on the wording of a message. On-chain custom errors map one to one onto the codes below.
 */
public enum ErrorCode {
    REQUEST_MALFORMED("REQUEST-0001", ErrorCategory.MALFORMED, "Malformed request"),
    REQUEST_INVALID_FIELD("REQUEST-0002", ErrorCategory.INVALID, "Invalid field"),
    REQUEST_UNSUPPORTED("REQUEST-0003", ErrorCategory.INVALID, "Unsupported request"),
    REQUEST_ROUTE_NOT_FOUND("REQUEST-0004", ErrorCategory.NOT_FOUND, "No such resource"),
    REQUEST_TOO_LARGE("REQUEST-0005", ErrorCategory.TOO_LARGE, "Request body is too large"),
    REQUEST_UNSUPPORTED_MEDIA_TYPE("REQUEST-0006", ErrorCategory.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    REQUEST_NOT_PATIENT("REQUEST-0007", ErrorCategory.DENIED, "Only the account concerned may do this"),
    /** The request firewall refused the URL, method or a header before routing; answered 400. */
    REQUEST_REJECTED("REQUEST-0008", ErrorCategory.MALFORMED, "Request URL, method or header not accepted"),

    CONSENT_INVALID_SIGNER("CONSENT-0001", ErrorCategory.INVALID, "Signature is not the patient's"),
    CONSENT_SIGNATURE_EXPIRED("CONSENT-0002", ErrorCategory.INVALID, "Signature deadline has passed"),
    CONSENT_NONCE_MISMATCH("CONSENT-0003", ErrorCategory.CONFLICT, "Signature nonce already used or out of order"),
    CONSENT_INVALID_GRANTEE("CONSENT-0004", ErrorCategory.INVALID, "Invalid grantee"),
    CONSENT_INVALID_SCOPE("CONSENT-0005", ErrorCategory.INVALID, "Invalid scope"),
    CONSENT_INVALID_ACTION("CONSENT-0006", ErrorCategory.INVALID, "Invalid action"),
    CONSENT_INVALID_PURPOSE("CONSENT-0007", ErrorCategory.INVALID, "Invalid purpose"),
    CONSENT_EXPIRY_IN_PAST("CONSENT-0008", ErrorCategory.INVALID, "Grant expiry is not in the future"),
    CONSENT_NO_SUCH_GRANT("CONSENT-0009", ErrorCategory.NOT_FOUND, "No active grant to revoke"),
    CONSENT_DEADLINE_TOO_FAR("CONSENT-0010", ErrorCategory.INVALID,
            "Signature deadline is further ahead than this service accepts"),
    CONSENT_INVALID_NEW_NONCE("CONSENT-0011", ErrorCategory.INVALID,
            "New nonce is not after the patient's nonce, or too far after it"),

    DIRECTORY_INVALID_KEY("DIRECTORY-0001", ErrorCategory.INVALID, "Invalid encryption public key"),
    DIRECTORY_INVALID_SIGNER("DIRECTORY-0002", ErrorCategory.INVALID, "Signature is not the account's"),
    DIRECTORY_SIGNATURE_EXPIRED("DIRECTORY-0003", ErrorCategory.INVALID, "Signature deadline has passed"),
    DIRECTORY_NONCE_MISMATCH("DIRECTORY-0004", ErrorCategory.CONFLICT, "Signature nonce already used or out of order"),
    DIRECTORY_INVALID_PROVIDER("DIRECTORY-0005", ErrorCategory.CONFLICT, "Provider is invalid or already accredited"),
    DIRECTORY_INVALID_NAME("DIRECTORY-0006", ErrorCategory.INVALID, "Invalid provider name"),
    DIRECTORY_WRONG_STATUS("DIRECTORY-0007", ErrorCategory.CONFLICT, "Provider is not in the required status"),
    DIRECTORY_NO_ENCRYPTION_KEY("DIRECTORY-0008", ErrorCategory.CONFLICT, "Account has not published an encryption key"),
    DIRECTORY_INVALID_SEARCH("DIRECTORY-0010", ErrorCategory.INVALID, "Invalid provider search prefix"),

    RECORD_UNAUTHORIZED_RELAYER("RECORD-0001", ErrorCategory.DENIED, "Relayer may not anchor for this author"),
    RECORD_UNAUTHORIZED_AUTHOR("RECORD-0002", ErrorCategory.DENIED, "Author may not write this patient's records"),
    RECORD_INVALID_ID("RECORD-0003", ErrorCategory.INVALID, "Invalid record id"),
    RECORD_ID_TAKEN("RECORD-0004", ErrorCategory.CONFLICT, "Record id is taken already: reserve a new one"),
    RECORD_INVALID_SUPERSEDES("RECORD-0005", ErrorCategory.INVALID, "Invalid superseded version"),
    RECORD_INVALID_CONTENT("RECORD-0006", ErrorCategory.INVALID, "Invalid content digest or codec"),
    RECORD_EMPTY_BATCH("RECORD-0007", ErrorCategory.INVALID, "Empty batch"),
    RECORD_NOT_FOUND("RECORD-0008", ErrorCategory.NOT_FOUND, "No such record"),
    RECORD_NOT_ANCHORED("RECORD-0009", ErrorCategory.CONFLICT, "Record is not anchored on chain yet"),
    RECORD_RESERVATION_UNKNOWN("RECORD-0010", ErrorCategory.CONFLICT, "Record id was not reserved, has expired or is used"),
    RECORD_MISSING_WRAPPED_KEY("RECORD-0011", ErrorCategory.INVALID, "A required wrapped record key is missing"),
    RECORD_NOT_WRITABLE("RECORD-0012", ErrorCategory.DENIED, "Caller may not write this patient's records"),
    RECORD_CONTENT_MISMATCH("RECORD-0013", ErrorCategory.UPSTREAM, "Stored content does not match the anchored CID"),
    RECORD_INVALID_ENVELOPE("RECORD-0014", ErrorCategory.INVALID, "Ciphertext is not a record envelope for this id"),
    RECORD_PART_CONFLICT("RECORD-0016", ErrorCategory.CONFLICT, "This part number holds other bytes already"),
    RECORD_PART_OUT_OF_ORDER("RECORD-0017", ErrorCategory.CONFLICT,
            "Part does not start where the stored parts end"),
    RECORD_PART_INVALID_RANGE("RECORD-0018", ErrorCategory.INVALID,
            "Part is not a range of whole sealed segments of this envelope"),
    RECORD_PARTS_MISSING("RECORD-0019", ErrorCategory.CONFLICT, "Parts of the envelope are missing"),
    RECORD_PARTS_CID_MISMATCH("RECORD-0020", ErrorCategory.INVALID, "The parts give another CID than the expected one"),
    RECORD_PARTS_UNSUPPORTED("RECORD-0021", ErrorCategory.CONFLICT,
            "This service's content store takes whole uploads only"),

    ACCESS_CONTROL_DENIED("ACCESS-0001", ErrorCategory.DENIED, "Account lacks the required role"),
    ACCESS_DENIED("ACCESS-0002", ErrorCategory.DENIED, "No active grant for this record"),
    ACCESS_NO_WRAPPED_KEY("ACCESS-0003", ErrorCategory.CONFLICT, "No record key has been wrapped for this reader"),

    CHAIN_UNAVAILABLE("CHAIN-0001", ErrorCategory.UNAVAILABLE, "Chain node unavailable"),
    CHAIN_UNKNOWN_REVERT("CHAIN-0002", ErrorCategory.UPSTREAM, "Transaction reverted for an unknown reason"),
    CHAIN_RECEIPT_TIMEOUT("CHAIN-0003", ErrorCategory.UNAVAILABLE, "Transaction not mined in time"),
    CHAIN_REJECTED_TRANSACTION("CHAIN-0004", ErrorCategory.UPSTREAM, "Chain node rejected the transaction"),
    CHAIN_NO_SUCH_TRANSACTION("CHAIN-0005", ErrorCategory.NOT_FOUND, "No such chain request"),

    OUTBOX_NONCE_USED_BY_ANOTHER_MESSAGE("OUTBOX-0001", ErrorCategory.CONFLICT,
            "The signed message's nonce was used by another message"),
    OUTBOX_DEADLINE_PASSED_UNMINED("OUTBOX-0002", ErrorCategory.INVALID,
            "The signed message's deadline passed before it was mined"),

    RECEIPT_UNEXPECTED_BATCH("RECEIPT-0001", ErrorCategory.CONFLICT, "Read receipt batch is not the chain's next"),
    RECEIPT_EMPTY_BATCH("RECEIPT-0002", ErrorCategory.INVALID, "Read receipt batch has no root or no leaves"),
    RECEIPT_INVALID_RANGE("RECEIPT-0003", ErrorCategory.INVALID, "Read receipt batch has an invalid read id range"),
    RECEIPT_UNKNOWN_BATCH("RECEIPT-0004", ErrorCategory.NOT_FOUND, "No such read receipt batch on chain"),
    RECEIPT_NO_SUCH_READ("RECEIPT-0005", ErrorCategory.NOT_FOUND, "No such read of this patient's records"),
    RECEIPT_NOT_YET_ANCHORED("RECEIPT-0006", ErrorCategory.CONFLICT,
            "Read is not yet in a batch whose root is on chain"),
    RECEIPT_ROOT_MISMATCH("RECEIPT-0007", ErrorCategory.UPSTREAM,
            "The chain holds another root for this read receipt batch"),
    RECEIPT_BROKEN_CHAIN("RECEIPT-0008", ErrorCategory.CONFLICT,
            "Read receipt batch does not start right after the previous one"),

    AUDIT_MALFORMED_CURSOR("AUDIT-0001", ErrorCategory.INVALID, "Malformed page cursor"),
    AUDIT_LIMIT_OUT_OF_RANGE("AUDIT-0002", ErrorCategory.INVALID, "Page limit out of range"),
    AUDIT_NOT_GRANTEE("AUDIT-0003", ErrorCategory.DENIED, "Only the grantee lists the grants made to it"),

    CONTENT_UNAVAILABLE("CONTENT-0001", ErrorCategory.UNAVAILABLE, "IPFS node unavailable"),
    CONTENT_UPSTREAM_ERROR("CONTENT-0002", ErrorCategory.UPSTREAM, "IPFS node refused the request"),
    CONTENT_INTEGRITY("CONTENT-0003", ErrorCategory.UPSTREAM, "Content does not match its CID"),
    CONTENT_NOT_FOUND("CONTENT-0004", ErrorCategory.NOT_FOUND, "No such content"),
    CONTENT_NOT_A_FILE("CONTENT-0005", ErrorCategory.INVALID, "Content is not a UnixFS file"),
    CONTENT_STORAGE_FAILED("CONTENT-0006", ErrorCategory.UNAVAILABLE, "Local content store failed"),
    CONTENT_REPLICATION_NOT_REACHED("CONTENT-0007", ErrorCategory.UNAVAILABLE,
            "Content not pinned on enough IPFS Cluster peers"),

    AUTH_MESSAGE_MALFORMED("AUTH-0001", ErrorCategory.INVALID, "Sign-in message is not a valid EIP-4361 message"),
    AUTH_DOMAIN_MISMATCH("AUTH-0002", ErrorCategory.INVALID, "Sign-in message is for another domain"),
    AUTH_URI_MISMATCH("AUTH-0003", ErrorCategory.INVALID, "Sign-in message is for another URI"),
    AUTH_CHAIN_MISMATCH("AUTH-0004", ErrorCategory.INVALID, "Sign-in message is for another chain"),
    AUTH_NONCE_UNKNOWN("AUTH-0005", ErrorCategory.INVALID, "Sign-in nonce was not issued here or has expired"),
    AUTH_NONCE_USED("AUTH-0006", ErrorCategory.CONFLICT, "Sign-in nonce already used"),
    AUTH_MESSAGE_EXPIRED("AUTH-0007", ErrorCategory.INVALID, "Sign-in message has expired"),
    AUTH_MESSAGE_NOT_YET_VALID("AUTH-0008", ErrorCategory.INVALID, "Sign-in message is not valid yet"),
    AUTH_INVALID_SIGNER("AUTH-0009", ErrorCategory.INVALID, "Signature is not the sign-in message's account"),
    AUTH_TOKEN_MISSING("AUTH-0010", ErrorCategory.UNAUTHENTICATED, "Bearer token required"),
    AUTH_TOKEN_INVALID("AUTH-0011", ErrorCategory.UNAUTHENTICATED, "Bearer token is invalid"),
    AUTH_TOKEN_EXPIRED("AUTH-0012", ErrorCategory.UNAUTHENTICATED, "Bearer token has expired"),
    AUTH_ROUTE_CLOSED("AUTH-0013", ErrorCategory.DENIED, "No route open to this caller here"),

    FHIR_INVALID("FHIR-0001", ErrorCategory.INVALID, "FHIR resource is invalid"),
    FHIR_UNSUPPORTED_RESOURCE("FHIR-0002", ErrorCategory.INVALID, "FHIR resource type has no record category"),

    GATEWAY_NOT_ACCREDITED("GATEWAY-0001", ErrorCategory.DENIED, "Caller is not an accredited provider"),
    GATEWAY_NO_CLINIC_KEY("GATEWAY-0002", ErrorCategory.DENIED, "This gateway holds no encryption key for the caller"),

    LIMIT_RATE_EXCEEDED("LIMIT-0001", ErrorCategory.RATE_LIMITED, "Too many requests"),
    LIMIT_SPONSORSHIP_EXHAUSTED("LIMIT-0002", ErrorCategory.RATE_LIMITED,
            "Relays sponsored for this account are used up for the period"),

    RECOVERY_INVALID_KIT("RECOVERY-0001", ErrorCategory.INVALID,
            "Upload is not a recovery kit of this patient on this chain"),
    RECOVERY_NO_KIT("RECOVERY-0002", ErrorCategory.NOT_FOUND, "Patient has no anchored recovery kit"),
    RECOVERY_REQUESTS_EXHAUSTED("RECOVERY-0003", ErrorCategory.RATE_LIMITED,
            "Recovery requests of this patient are used up for the day"),
    RECOVERY_REQUEST_NOT_FOUND("RECOVERY-0004", ErrorCategory.NOT_FOUND, "No such recovery request"),
    RECOVERY_REQUEST_EXPIRED("RECOVERY-0005", ErrorCategory.CONFLICT, "Recovery request has expired"),
    RECOVERY_NOT_GUARDIAN("RECOVERY-0006", ErrorCategory.DENIED, "Caller is not a guardian of this request's kit"),
    RECOVERY_SHARE_ALREADY_TRANSFERRED("RECOVERY-0007", ErrorCategory.CONFLICT,
            "This guardian has transferred its share for this request already"),
    RECOVERY_TRANSFER_MISMATCH("RECOVERY-0008", ErrorCategory.INVALID,
            "Transfer is for another kit, patient, guardian or device key than this request"),
    RECOVERY_TRANSFER_EXPIRED("RECOVERY-0009", ErrorCategory.INVALID, "Transfer deadline has passed"),
    RECOVERY_INVALID_SIGNER("RECOVERY-0010", ErrorCategory.INVALID,
            "Transfer signature is not the guardian's for this chain and deployment"),

    ACCOUNT_FACTORY_NOT_ALLOWED("ACCOUNT-0001", ErrorCategory.INVALID,
            "ERC-6492 factory is not one this relayer deploys accounts with"),
    ACCOUNT_NOT_DEPLOYED_BY_FACTORY("ACCOUNT-0002", ErrorCategory.INVALID,
            "ERC-6492 factory call does not deploy the signing account"),
    ACCOUNT_FACTORY_FAILED("ACCOUNT-0003", ErrorCategory.INVALID, "ERC-6492 factory call reverted"),
    ACCOUNT_REFUSED_UNTIL_CHANGED("ACCOUNT-0004", ErrorCategory.CONFLICT,
            "A relay this account signed reverted on chain; refused until the account changes"),

    NOTIFY_INVALID_URL("NOTIFY-0001", ErrorCategory.INVALID,
            "Webhook URL is not an absolute URL without credentials or fragment"),
    NOTIFY_NOT_HTTPS("NOTIFY-0002", ErrorCategory.INVALID, "Webhook URL must use https"),
    NOTIFY_REFUSED_ADDRESS("NOTIFY-0003", ErrorCategory.INVALID, "Webhook host is not a public address"),
    NOTIFY_UNRESOLVED_HOST("NOTIFY-0004", ErrorCategory.INVALID, "Webhook host does not resolve"),
    NOTIFY_NO_SUCH_WEBHOOK("NOTIFY-0005", ErrorCategory.NOT_FOUND, "No such webhook endpoint"),
    NOTIFY_TOO_MANY_WEBHOOKS("NOTIFY-0006", ErrorCategory.CONFLICT,
            "Patient has as many webhook endpoints as allowed"),
    NOTIFY_TOO_MANY_STREAMS("NOTIFY-0007", ErrorCategory.RATE_LIMITED,
            "Too many open notification streams for this patient"),
    NOTIFY_INVALID_LAST_EVENT_ID("NOTIFY-0008", ErrorCategory.INVALID, "Last-Event-ID is not a notification id"),

    CAREGIVER_INVALID_CAREGIVER("CAREGIVER-0001", ErrorCategory.INVALID,
            "Caregiver is the patient, the appointer, or another appointer's live caregiver"),
    CAREGIVER_INVALID_POWERS("CAREGIVER-0002", ErrorCategory.INVALID, "Invalid caregiver powers"),
    CAREGIVER_INVALID_SCOPES("CAREGIVER-0003", ErrorCategory.INVALID, "Invalid caregiver scopes"),
    CAREGIVER_NOT_CAREGIVER("CAREGIVER-0004", ErrorCategory.DENIED,
            "Signer is no live caregiver of the patient: never appointed, revoked or expired"),
    CAREGIVER_MISSING_POWER("CAREGIVER-0005", ErrorCategory.DENIED, "Caregiver lacks the power for this action"),
    CAREGIVER_OUT_OF_SCOPE("CAREGIVER-0006", ErrorCategory.DENIED, "Scope is outside the caregiver's scopes"),
    CAREGIVER_BEYOND_EXPIRY("CAREGIVER-0007", ErrorCategory.INVALID,
            "Expiry is after the expiry of the caregiver that acts"),
    CAREGIVER_NO_SUCH_CAREGIVER("CAREGIVER-0008", ErrorCategory.NOT_FOUND, "No live caregiver to revoke"),
    EMERGENCY_INVALID_SIGNER("EMERGENCY-0001", ErrorCategory.INVALID, "Signature is not the signer's"),
    EMERGENCY_SIGNATURE_EXPIRED("EMERGENCY-0002", ErrorCategory.INVALID, "Signature deadline has passed"),
    EMERGENCY_NONCE_MISMATCH("EMERGENCY-0003", ErrorCategory.CONFLICT, "Signature nonce already used or out of order"),
    EMERGENCY_INVALID_KEYHOLDERS("EMERGENCY-0004", ErrorCategory.INVALID,
            "Keyholders are too many, or one is zero, the patient or named twice"),
    EMERGENCY_INVALID_THRESHOLD("EMERGENCY-0005", ErrorCategory.INVALID,
            "Threshold is not between 1 and the number of keyholders"),
    EMERGENCY_INVALID_WINDOW("EMERGENCY-0006", ErrorCategory.INVALID, "Window length is out of bounds"),
    EMERGENCY_INVALID_SCOPES("EMERGENCY-0007", ErrorCategory.INVALID,
            "Scopes are missing, too many, or not of this patient"),
    EMERGENCY_NOT_CONFIGURED("EMERGENCY-0008", ErrorCategory.CONFLICT, "Patient has no emergency setup"),
    EMERGENCY_INVALID_REQUEST("EMERGENCY-0009", ErrorCategory.INVALID,
            "Emergency request needs purpose ETREAT and a reason"),
    EMERGENCY_UNACCREDITED_REQUESTER("EMERGENCY-0010", ErrorCategory.DENIED,
            "Requester is not an active accredited provider"),
    EMERGENCY_NO_SUCH_REQUEST("EMERGENCY-0011", ErrorCategory.NOT_FOUND, "No emergency request of this requester"),
    EMERGENCY_WRONG_ROUND("EMERGENCY-0012", ErrorCategory.CONFLICT, "Approval names another round of the request"),
    EMERGENCY_REQUEST_EXPIRED("EMERGENCY-0013", ErrorCategory.CONFLICT,
            "Approval period of the request has ended"),
    EMERGENCY_STALE_REQUEST("EMERGENCY-0014", ErrorCategory.CONFLICT,
            "Patient changed its emergency setup after the request"),
    EMERGENCY_REQUEST_SETTLED("EMERGENCY-0015", ErrorCategory.CONFLICT,
            "Request has opened its window already or was closed"),
    EMERGENCY_NOT_KEYHOLDER("EMERGENCY-0016", ErrorCategory.DENIED, "Signer is not a keyholder of the patient"),
    EMERGENCY_SELF_APPROVAL("EMERGENCY-0017", ErrorCategory.DENIED, "Requester may not approve its own request"),
    EMERGENCY_ALREADY_APPROVED("EMERGENCY-0018", ErrorCategory.CONFLICT,
            "This keyholder approved this round already"),
    EMERGENCY_NOTHING_TO_CLOSE("EMERGENCY-0019", ErrorCategory.CONFLICT,
            "No open window nor pending request to close"),
    EMERGENCY_NOT_DEPLOYED("EMERGENCY-0020", ErrorCategory.NOT_FOUND,
            "This deployment has no EmergencyAccess contract"),
    EMERGENCY_INVALID_REASON("EMERGENCY-0021", ErrorCategory.INVALID,
            "Reason is empty, too long, or not the text whose hash was signed"),
    EMERGENCY_NO_OPEN_WINDOW("EMERGENCY-0022", ErrorCategory.DENIED,
            "No open emergency window of this reader covers this record"),
    EMERGENCY_TRANSFER_MISMATCH("EMERGENCY-0023", ErrorCategory.INVALID,
            "Share transfer is for another kit, patient, keyholder or requester key, or has expired"),
    EMERGENCY_SHARE_ALREADY_TRANSFERRED("EMERGENCY-0024", ErrorCategory.CONFLICT,
            "This keyholder has transferred its share to this requester already"),
    EMERGENCY_NO_KIT("EMERGENCY-0025", ErrorCategory.NOT_FOUND, "Patient has no anchored emergency kit");

    private final String code;
    private final ErrorCategory category;
    private final String title;

    ErrorCode(String code, ErrorCategory category, String title) {
        this.code = code;
        this.category = category;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public ErrorCategory category() {
        return category;
    }

    public String title() {
        return title;
    }
}
