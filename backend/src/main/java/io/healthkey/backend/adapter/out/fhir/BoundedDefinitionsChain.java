package io.healthkey.backend.adapter.out.fhir;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;

import ca.uhn.fhir.context.support.IValidationSupport;

/**
 * HAPI's validation support chain, with its caches, except for structure definitions: the chain keeps every one it
 * has fetched for its lifetime (so each R4 resource type ever validated would stay in the heap, with its R5
 * conversion); here they come from {@link OnDemandR4Definitions}, whose cache is bounded. Other modules of the chain
 * are asked only for definitions the R4 core does not hold.
 */
final class BoundedDefinitionsChain extends ValidationSupportChain {

    private final OnDemandR4Definitions definitions;

    BoundedDefinitionsChain(OnDemandR4Definitions definitions, IValidationSupport... others) {
        super(modules(definitions, others));
        this.definitions = definitions;
    }

    @Override
    public IBaseResource fetchStructureDefinition(String theUrl) {
        IBaseResource definition = definitions.fetchStructureDefinition(theUrl);
        return definition != null ? definition : super.fetchStructureDefinition(theUrl);
    }

    private static IValidationSupport[] modules(OnDemandR4Definitions definitions, IValidationSupport... others) {
        List<IValidationSupport> modules = new ArrayList<>(List.of(others));
        modules.add(0, definitions);
        return modules.toArray(IValidationSupport[]::new);
    }
}
