package io.healthkey.backend.application.gateway;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;

/**
 * A plaintext record a clinic's system posts to the gateway.
 *
 * @param mediaType as sent: FHIR JSON ({@code application/fhir+json} or {@code application/json}) is validated and
 *     categorised by its resource type; {@code application/pdf} and {@code application/dicom} are stored as payloads
 * @param declaredLength the request's Content-Length, when it had one
 */
public record GatewayUpload(EthAddress patient, String mediaType, Optional<RecordId> supersedes,
        OptionalLong declaredLength) {

    public GatewayUpload {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(supersedes, "supersedes");
        Objects.requireNonNull(declaredLength, "declaredLength");
    }
}
