package io.healthkey.backend.adapter.outbound.fhir;

import java.util.Optional;
import java.util.function.Consumer;

import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.utilities.validation.ValidationMessage;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;

/**
 * HAPI's instance validator, keeping what HAPI's own bridge to {@link SingleValidationMessage} drops: the
 * OperationOutcome issue type the validator gives each message ({@code structure}, {@code code-invalid},
 * {@code not-found}, ...). Its messages are {@link Typed}.
 */
final class IssueTypedInstanceValidator extends FhirInstanceValidator {

    private final Consumer<Runnable> scope;

    /**
     * @param scope runs each validation: {@link OnDemandR4Definitions#pinnedDuring}, as one validation must see one
     *              instance of each definition throughout, or {@code Runnable::run}
     */
    IssueTypedInstanceValidator(IValidationSupport validationSupport, Consumer<Runnable> scope) {
        super(validationSupport);
        this.scope = scope;
    }

    @Override
    public void validateResource(IValidationContext<IBaseResource> context) {
        scope.accept(() -> {
            for (ValidationMessage message : validate(context)) {
                context.addValidationMessage(new Typed(message));
            }
        });
    }

    /** A {@link SingleValidationMessage} with the FHIR issue type code of the message it was made from. */
    static final class Typed extends SingleValidationMessage {

        private final String issueType;

        Typed(ValidationMessage message) {
            setLocationString(message.getLocation());
            setMessage(message.getMessage());
            if (message.getLevel() != null) {
                setSeverity(ResultSeverityEnum.fromCode(message.getLevel().toCode()));
            }
            setMessageId(message.getMessageId());
            this.issueType = message.getType() == null ? null : message.getType().toCode();
        }

        /** The FHIR {@code IssueType} code, e.g. {@code required}; empty when the validator gave none. */
        Optional<String> issueType() {
            return Optional.ofNullable(issueType).filter(code -> !code.isBlank() && !"?".equals(code));
        }
    }
}
