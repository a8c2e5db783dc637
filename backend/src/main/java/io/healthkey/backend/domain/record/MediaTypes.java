package io.healthkey.backend.domain.record;

import java.util.Locale;
import java.util.regex.Pattern;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.Category;

/** Which plaintext media type a record of a category may declare. */
public final class MediaTypes {

    public static final String FHIR_JSON = "application/fhir+json";

    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");

    private MediaTypes() {
    }

    /**
     * The media type, lower-cased and without parameters, checked against the category: FHIR categories hold
     * {@code application/fhir+json}, payload categories their own media type, unnamed categories any.
     */
    public static String forCategory(Category category, String declared) {
        String mediaType = declared == null ? "" : declared.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPE.matcher(mediaType).matches()) {
            throw new DomainException(ErrorCode.REQUEST_INVALID_FIELD, "mediaType is not a media type");
        }
        String expected = category.fhirResourceType().isPresent() ? FHIR_JSON : category.mediaType().orElse(mediaType);
        if (!expected.equals(mediaType)) {
            throw new DomainException(ErrorCode.REQUEST_INVALID_FIELD,
                    "records of this category hold " + expected + ", and only that");
        }
        return mediaType;
    }
}
