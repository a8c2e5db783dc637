package io.healthkey.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What kind of content a record holds: a {@code uint16} code from 1 to 65535, carried in every {@link RecordId} and
 * usable as a consent {@link Scope}. The numbering is fixed in docs/CODES.md and never changes once released.
 *
 * <p>Codes 1 to 4095 are FHIR R4 resource types (content type {@code application/fhir+json}); 4096 to 8191 are
 * non-FHIR payloads with a media type; 61440 to 65535 are left for local use. Codes without a name here are
 * allowed ({@link #ofCode}) so that records written by a newer client still parse, but named ones are preferred.
 *
 * <p>Guarantees: the code is never zero (zero means "all records" in a scope); two categories are equal exactly
 * when their codes are.
 */
public final class Category implements Comparable<Category> {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final Map<Integer, Category> NAMED = new LinkedHashMap<>();

    public static final Category PATIENT = fhir(1, "Patient");
    public static final Category OBSERVATION = fhir(2, "Observation");
    public static final Category CONDITION = fhir(3, "Condition");
    public static final Category DIAGNOSTIC_REPORT = fhir(4, "DiagnosticReport");
    public static final Category MEDICATION_REQUEST = fhir(5, "MedicationRequest");
    public static final Category MEDICATION_STATEMENT = fhir(6, "MedicationStatement");
    public static final Category ALLERGY_INTOLERANCE = fhir(7, "AllergyIntolerance");
    public static final Category IMMUNIZATION = fhir(8, "Immunization");
    public static final Category PROCEDURE = fhir(9, "Procedure");
    public static final Category ENCOUNTER = fhir(10, "Encounter");
    public static final Category DOCUMENT_REFERENCE = fhir(11, "DocumentReference");
    public static final Category IMAGING_STUDY = fhir(12, "ImagingStudy");
    public static final Category CARE_PLAN = fhir(13, "CarePlan");
    public static final Category BUNDLE = fhir(14, "Bundle");
    public static final Category BINARY = fhir(15, "Binary");
    public static final Category COMPOSITION = fhir(16, "Composition");
    public static final Category MEDICATION_ADMINISTRATION = fhir(17, "MedicationAdministration");
    public static final Category MEDICATION_DISPENSE = fhir(18, "MedicationDispense");
    public static final Category FAMILY_MEMBER_HISTORY = fhir(19, "FamilyMemberHistory");
    public static final Category SERVICE_REQUEST = fhir(20, "ServiceRequest");
    public static final Category SPECIMEN = fhir(21, "Specimen");
    public static final Category CARE_TEAM = fhir(22, "CareTeam");
    public static final Category GOAL = fhir(23, "Goal");
    public static final Category QUESTIONNAIRE_RESPONSE = fhir(24, "QuestionnaireResponse");
    public static final Category CLINICAL_IMPRESSION = fhir(25, "ClinicalImpression");
    public static final Category RISK_ASSESSMENT = fhir(26, "RiskAssessment");
    public static final Category NUTRITION_ORDER = fhir(27, "NutritionOrder");
    public static final Category DEVICE_USE_STATEMENT = fhir(28, "DeviceUseStatement");
    public static final Category MEDIA = fhir(29, "Media");

    public static final Category PDF_DOCUMENT = payload(4096, "PDF document", "application/pdf");
    public static final Category DICOM_IMAGE = payload(4097, "DICOM image", "application/dicom");
    /** A guardian recovery kit (docs/FORMAT.md, "Recovery kit"; {@code io.healthkey.protocol.recovery}). */
    public static final Category RECOVERY_KIT = payload(4098, "Recovery kit", "application/vnd.healthkey.recovery-kit");
    /**
     * An emergency kit: a recovery kit's bytes whose guardians are the patient's emergency keyholders and whose secret
     * is the patient's emergency key (docs/FORMAT.md, "Emergency kit").
     */
    public static final Category EMERGENCY_KIT = payload(4099, "Emergency kit",
            "application/vnd.healthkey.emergency-kit");

    /** A photo or scan the patient's app shows as an image (a wound, a rash, a scanned letter). */
    public static final Category PNG_IMAGE = payload(4100, "PNG image", "image/png");
    public static final Category JPEG_IMAGE = payload(4101, "JPEG image", "image/jpeg");

    /** Whether the record's content is a kit's own bytes (docs/FORMAT.md), not a record envelope. */
    public boolean isKit() {
        return equals(RECOVERY_KIT) || equals(EMERGENCY_KIT);
    }

    private final int code;
    private final String name;
    private final String fhirResourceType;
    private final String mediaType;

    private Category(int code, String name, String fhirResourceType, String mediaType) {
        this.code = code;
        this.name = name;
        this.fhirResourceType = fhirResourceType;
        this.mediaType = mediaType;
    }

    private static Category fhir(int code, String resourceType) {
        return register(new Category(code, resourceType, resourceType, FHIR_JSON));
    }

    private static Category payload(int code, String name, String mediaType) {
        return register(new Category(code, name, null, mediaType));
    }

    private static Category register(Category category) {
        if (NAMED.putIfAbsent(category.code, category) != null) {
            throw new ExceptionInInitializerError("category code " + category.code + " used twice");
        }
        return category;
    }

    /**
     * The category with {@code code}: the named one if there is one, otherwise an unnamed category.
     *
     * @throws InvalidValueException unless {@code 1 <= code <= 65535}
     */
    public static Category ofCode(int code) {
        if (code < 1 || code > 0xFFFF) {
            throw new InvalidValueException("category must be 1..65535, got " + code);
        }
        Category named = NAMED.get(code);
        return named != null ? named : new Category(code, null, null, null);
    }

    /**
     * The category of a FHIR R4 resource type, case-sensitive as in FHIR ({@code "Observation"}).
     *
     * @throws UnknownCodeException if the type has no category in the table
     */
    public static Category ofFhirResourceType(String resourceType) {
        for (Category category : NAMED.values()) {
            if (category.fhirResourceType != null && category.fhirResourceType.equals(resourceType)) {
                return category;
            }
        }
        throw new UnknownCodeException("no category for FHIR resource type " + resourceType);
    }

    /** The named categories in code order: the table of docs/CODES.md. */
    public static List<Category> named() {
        return List.copyOf(NAMED.values());
    }

    /** The {@code uint16} code, 1 to 65535. */
    public int code() {
        return code;
    }

    /** Whether this code is in the table; unnamed codes came from outside this version of the protocol. */
    public boolean isNamed() {
        return name != null;
    }

    /** The FHIR resource type or payload name, e.g. {@code "Observation"}, {@code "PDF document"}; {@code "category-N"} if unnamed. */
    public String displayName() {
        return name != null ? name : "category-" + code;
    }

    /** The FHIR R4 resource type, for FHIR categories. */
    public Optional<String> fhirResourceType() {
        return Optional.ofNullable(fhirResourceType);
    }

    /** The media type of the plaintext content, for named categories. */
    public Optional<String> mediaType() {
        return Optional.ofNullable(mediaType);
    }

    @Override
    public int compareTo(Category other) {
        return Integer.compare(code, other.code);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Category that && code == that.code;
    }

    @Override
    public int hashCode() {
        return Objects.hash(code);
    }

    @Override
    public String toString() {
        return displayName() + "(" + code + ")";
    }
}
