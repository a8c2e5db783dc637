package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.action;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.epochSeconds;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.purpose;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.required;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.scope;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.signature;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.uint;

import java.util.ArrayList;
import java.util.List;

import io.healthkey.backend.adapter.inbound.web.CaregiverDtos.AppointmentBody;
import io.healthkey.backend.adapter.inbound.web.CaregiverDtos.CaregiverGrantBody;
import io.healthkey.backend.adapter.inbound.web.CaregiverDtos.CaregiverGrantRevocationBody;
import io.healthkey.backend.adapter.inbound.web.CaregiverDtos.CaregiverRevocationBody;
import io.healthkey.backend.adapter.inbound.web.CaregiverDtos.SignedAppointmentRequest;
import io.healthkey.backend.adapter.inbound.web.CaregiverDtos.SignedCaregiverGrantRequest;
import io.healthkey.backend.adapter.inbound.web.CaregiverDtos.SignedCaregiverGrantRevocationRequest;
import io.healthkey.backend.adapter.inbound.web.CaregiverDtos.SignedCaregiverRevocationRequest;
import io.healthkey.backend.domain.caregiver.SignedCaregiverMessage;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.AppointmentMessage;
import io.healthkey.protocol.eip712.CaregiverGrantMessage;
import io.healthkey.protocol.eip712.CaregiverGrantRevocationMessage;
import io.healthkey.protocol.eip712.CaregiverRevocationMessage;

/**
 * Caregiver requests parsed into signed messages, each error naming its field. What the contract refuses whatever
 * its state is refused here with the contract's own code: powers ({@code CAREGIVER-0002}), the number of scopes
 * ({@code CAREGIVER-0003}), a caregiver that is the patient or the appointer ({@code CAREGIVER-0001}).
 */
final class CaregiverRequests {

    private CaregiverRequests() {
    }

    static SignedCaregiverMessage<AppointmentMessage> appointment(SignedAppointmentRequest request) {
        AppointmentBody body = required("appointment", required("body", request).appointment());
        EthAddress appointer = address("appointment.appointer", body.appointer());
        EthAddress patient = address("appointment.patient", body.patient());
        EthAddress caregiver = appointee("appointment.caregiver", body.caregiver(), patient, appointer);
        List<Scope> scopes = scopes("appointment.scopes", patient, body.scopes());
        AppointmentMessage message = new AppointmentMessage(appointer, patient, caregiver, scopes,
                powers("appointment.powers", body.powers()), epochSeconds("appointment.expiresAt", body.expiresAt()),
                uint("appointment.nonce", body.nonce()), epochSeconds("appointment.deadline", body.deadline()));
        return new SignedCaregiverMessage<>(message, signature("signature", request.signature()));
    }

    static SignedCaregiverMessage<CaregiverRevocationMessage> revocation(SignedCaregiverRevocationRequest request) {
        CaregiverRevocationBody body = required("revocation", required("body", request).revocation());
        EthAddress patient = address("revocation.patient", body.patient());
        EthAddress caregiver = address("revocation.caregiver", body.caregiver());
        if (caregiver.isZero() || caregiver.equals(patient)) {
            throw new DomainException(ErrorCode.CAREGIVER_INVALID_CAREGIVER,
                    "revocation.caregiver must be neither zero nor the patient");
        }
        CaregiverRevocationMessage message = new CaregiverRevocationMessage(patient, caregiver,
                uint("revocation.nonce", body.nonce()), epochSeconds("revocation.deadline", body.deadline()));
        return new SignedCaregiverMessage<>(message, signature("signature", request.signature()));
    }

    static SignedCaregiverMessage<CaregiverGrantMessage> grant(SignedCaregiverGrantRequest request) {
        CaregiverGrantBody body = required("grant", required("body", request).grant());
        EthAddress patient = address("grant.patient", body.patient());
        CaregiverGrantMessage message = CaregiverGrantMessage.of(caregiver("grant.caregiver", body.caregiver(),
                        patient), patient, address("grant.grantee", body.grantee()),
                scope("grant.scope", patient, body.scope()), action("grant.action", body.action()),
                purpose("grant.purpose", body.purpose()), epochSeconds("grant.expiresAt", body.expiresAt()),
                uint("grant.nonce", body.nonce()), epochSeconds("grant.deadline", body.deadline()));
        return new SignedCaregiverMessage<>(message, signature("signature", request.signature()));
    }

    static SignedCaregiverMessage<CaregiverGrantRevocationMessage> grantRevocation(
            SignedCaregiverGrantRevocationRequest request) {
        CaregiverGrantRevocationBody body = required("revocation", required("body", request).revocation());
        EthAddress patient = address("revocation.patient", body.patient());
        CaregiverGrantRevocationMessage message = CaregiverGrantRevocationMessage.of(
                caregiver("revocation.caregiver", body.caregiver(), patient), patient,
                address("revocation.grantee", body.grantee()), scope("revocation.scope", patient, body.scope()),
                action("revocation.action", body.action()), uint("revocation.nonce", body.nonce()),
                epochSeconds("revocation.deadline", body.deadline()));
        return new SignedCaregiverMessage<>(message, signature("signature", request.signature()));
    }

    /** The caregiver an appointment names: {@code CAREGIVER-0001} if zero, the patient or the appointer. */
    static EthAddress appointee(String field, String value, EthAddress patient, EthAddress appointer) {
        EthAddress caregiver = address(field, value);
        if (caregiver.isZero() || caregiver.equals(patient) || caregiver.equals(appointer)) {
            throw new DomainException(ErrorCode.CAREGIVER_INVALID_CAREGIVER,
                    field + " must be neither zero, the patient nor the appointer");
        }
        return caregiver;
    }

    static CaregiverPowers powers(String field, String value) {
        try {
            return CaregiverPowers.parse(required(field, value));
        } catch (InvalidValueException invalid) {
            throw new DomainException(ErrorCode.CAREGIVER_INVALID_POWERS, field + " must be " + CaregiverDtos.POWERS);
        }
    }

    static List<Scope> scopes(String field, EthAddress patient, List<String> values) {
        required(field, values);
        if (values.isEmpty() || values.size() > AppointmentMessage.MAX_SCOPES) {
            throw new DomainException(ErrorCode.CAREGIVER_INVALID_SCOPES,
                    field + " must hold 1 to " + AppointmentMessage.MAX_SCOPES + " scopes");
        }
        List<Scope> scopes = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            scopes.add(scope(field + "[" + i + "]", patient, values.get(i)));
        }
        return List.copyOf(scopes);
    }

    private static EthAddress caregiver(String field, String value, EthAddress patient) {
        EthAddress caregiver = address(field, value);
        if (caregiver.isZero() || caregiver.equals(patient)) {
            throw new DomainException(ErrorCode.REQUEST_INVALID_FIELD, field + " must be neither zero nor the patient");
        }
        return caregiver;
    }
}
