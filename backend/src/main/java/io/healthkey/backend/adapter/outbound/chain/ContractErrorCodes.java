package io.healthkey.backend.adapter.outbound.chain;

import static java.util.Map.entry;

import java.util.Map;
import java.util.Optional;

import io.healthkey.backend.domain.error.ErrorCode;

/** The domain code of each custom error the contracts raise on purpose. */
final class ContractErrorCodes {

    private static final Map<String, ErrorCode> CODES = Map.ofEntries(
            entry("ConsentRegistryInvalidSigner", ErrorCode.CONSENT_INVALID_SIGNER),
            entry("ConsentRegistryExpiredSignature", ErrorCode.CONSENT_SIGNATURE_EXPIRED),
            entry("ConsentRegistryInvalidNonce", ErrorCode.CONSENT_NONCE_MISMATCH),
            entry("ConsentRegistryInvalidGrantee", ErrorCode.CONSENT_INVALID_GRANTEE),
            entry("ConsentRegistryInvalidScope", ErrorCode.CONSENT_INVALID_SCOPE),
            entry("ConsentRegistryInvalidAction", ErrorCode.CONSENT_INVALID_ACTION),
            entry("ConsentRegistryInvalidPurpose", ErrorCode.CONSENT_INVALID_PURPOSE),
            entry("ConsentRegistryExpiryInPast", ErrorCode.CONSENT_EXPIRY_IN_PAST),
            entry("ConsentRegistryNoSuchGrant", ErrorCode.CONSENT_NO_SUCH_GRANT),
            entry("ConsentRegistryInvalidNewNonce", ErrorCode.CONSENT_INVALID_NEW_NONCE),
            entry("ConsentCaregiversInvalidCaregiver", ErrorCode.CAREGIVER_INVALID_CAREGIVER),
            entry("ConsentCaregiversInvalidPowers", ErrorCode.CAREGIVER_INVALID_POWERS),
            entry("ConsentCaregiversInvalidScopes", ErrorCode.CAREGIVER_INVALID_SCOPES),
            entry("ConsentCaregiversNotCaregiver", ErrorCode.CAREGIVER_NOT_CAREGIVER),
            entry("ConsentCaregiversMissingPower", ErrorCode.CAREGIVER_MISSING_POWER),
            entry("ConsentCaregiversOutOfScope", ErrorCode.CAREGIVER_OUT_OF_SCOPE),
            entry("ConsentCaregiversBeyondExpiry", ErrorCode.CAREGIVER_BEYOND_EXPIRY),
            entry("ConsentCaregiversNoSuchCaregiver", ErrorCode.CAREGIVER_NO_SUCH_CAREGIVER),
            entry("ParticipantDirectoryInvalidKey", ErrorCode.DIRECTORY_INVALID_KEY),
            entry("ParticipantDirectoryInvalidSigner", ErrorCode.DIRECTORY_INVALID_SIGNER),
            entry("ParticipantDirectoryExpiredSignature", ErrorCode.DIRECTORY_SIGNATURE_EXPIRED),
            entry("ParticipantDirectoryInvalidNonce", ErrorCode.DIRECTORY_NONCE_MISMATCH),
            entry("ParticipantDirectoryInvalidProvider", ErrorCode.DIRECTORY_INVALID_PROVIDER),
            entry("ParticipantDirectoryInvalidName", ErrorCode.DIRECTORY_INVALID_NAME),
            entry("ParticipantDirectoryWrongStatus", ErrorCode.DIRECTORY_WRONG_STATUS),
            entry("RecordRegistryUnauthorizedRelayer", ErrorCode.RECORD_UNAUTHORIZED_RELAYER),
            entry("RecordRegistryUnauthorizedAuthor", ErrorCode.RECORD_UNAUTHORIZED_AUTHOR),
            entry("RecordRegistryInvalidRecordId", ErrorCode.RECORD_INVALID_ID),
            entry("RecordRegistryIdTaken", ErrorCode.RECORD_ID_TAKEN),
            entry("RecordRegistryInvalidSupersedes", ErrorCode.RECORD_INVALID_SUPERSEDES),
            entry("RecordRegistryInvalidContent", ErrorCode.RECORD_INVALID_CONTENT),
            entry("RecordRegistryEmptyBatch", ErrorCode.RECORD_EMPTY_BATCH),
            entry("ReadReceiptRootsUnexpectedBatch", ErrorCode.RECEIPT_UNEXPECTED_BATCH),
            entry("ReadReceiptRootsEmptyBatch", ErrorCode.RECEIPT_EMPTY_BATCH),
            entry("ReadReceiptRootsInvalidRange", ErrorCode.RECEIPT_INVALID_RANGE),
            entry("ReadReceiptRootsBrokenChain", ErrorCode.RECEIPT_BROKEN_CHAIN),
            entry("ReadReceiptRootsUnknownBatch", ErrorCode.RECEIPT_UNKNOWN_BATCH),
            entry("AccessControlUnauthorizedAccount", ErrorCode.ACCESS_CONTROL_DENIED),
            entry("CounterfactualAccountRelayNotDeployed", ErrorCode.ACCOUNT_NOT_DEPLOYED_BY_FACTORY),
            // Address.functionCall's, in CounterfactualAccountRelay: the factory reverted without a reason or
            // has no code (a registry always reverts with its own errors, which the relay passes on unchanged).
            entry("FailedCall", ErrorCode.ACCOUNT_FACTORY_FAILED),
            entry("AddressEmptyCode", ErrorCode.ACCOUNT_FACTORY_FAILED),
            entry("EmergencyAccessInvalidSigner", ErrorCode.EMERGENCY_INVALID_SIGNER),
            entry("EmergencyAccessExpiredSignature", ErrorCode.EMERGENCY_SIGNATURE_EXPIRED),
            entry("EmergencyAccessInvalidNonce", ErrorCode.EMERGENCY_NONCE_MISMATCH),
            entry("EmergencyAccessTooManyKeyholders", ErrorCode.EMERGENCY_INVALID_KEYHOLDERS),
            entry("EmergencyAccessInvalidKeyholder", ErrorCode.EMERGENCY_INVALID_KEYHOLDERS),
            entry("EmergencyAccessInvalidThreshold", ErrorCode.EMERGENCY_INVALID_THRESHOLD),
            entry("EmergencyAccessInvalidWindow", ErrorCode.EMERGENCY_INVALID_WINDOW),
            entry("EmergencyAccessInvalidScopes", ErrorCode.EMERGENCY_INVALID_SCOPES),
            entry("EmergencyAccessNotConfigured", ErrorCode.EMERGENCY_NOT_CONFIGURED),
            entry("EmergencyAccessInvalidPurpose", ErrorCode.EMERGENCY_INVALID_REQUEST),
            entry("EmergencyAccessMissingReason", ErrorCode.EMERGENCY_INVALID_REQUEST),
            entry("EmergencyAccessUnaccreditedRequester", ErrorCode.EMERGENCY_UNACCREDITED_REQUESTER),
            entry("EmergencyAccessNoSuchRequest", ErrorCode.EMERGENCY_NO_SUCH_REQUEST),
            entry("EmergencyAccessWrongRound", ErrorCode.EMERGENCY_WRONG_ROUND),
            entry("EmergencyAccessRequestExpired", ErrorCode.EMERGENCY_REQUEST_EXPIRED),
            entry("EmergencyAccessStaleRequest", ErrorCode.EMERGENCY_STALE_REQUEST),
            entry("EmergencyAccessRequestSettled", ErrorCode.EMERGENCY_REQUEST_SETTLED),
            entry("EmergencyAccessNotKeyholder", ErrorCode.EMERGENCY_NOT_KEYHOLDER),
            entry("EmergencyAccessSelfApproval", ErrorCode.EMERGENCY_SELF_APPROVAL),
            entry("EmergencyAccessAlreadyApproved", ErrorCode.EMERGENCY_ALREADY_APPROVED),
            entry("EmergencyAccessNothingToClose", ErrorCode.EMERGENCY_NOTHING_TO_CLOSE));

    private ContractErrorCodes() {
    }

    static Optional<ErrorCode> forError(String errorName) {
        return Optional.ofNullable(CODES.get(errorName));
    }

    static boolean isRaisedOnPurpose(String errorName) {
        return errorName.startsWith("ConsentRegistry") || errorName.startsWith("ConsentCaregivers")
                || errorName.startsWith("ParticipantDirectory")
                || errorName.startsWith("RecordRegistry") || errorName.startsWith("ReadReceiptRoots")
                || errorName.equals("AccessControlUnauthorizedAccount")
                || errorName.startsWith("CounterfactualAccountRelay") || errorName.startsWith("EmergencyAccess");
    }
}
