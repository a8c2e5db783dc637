package io.healthkey.backend.adapter.outbound.fhir;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;

import ca.uhn.fhir.context.support.IValidationSupport;

/**
 * HAPI's validation support chain, with its caches, except for the R4 core's structure definitions, value sets and
 * code systems: the chain keeps every structure definition it has fetched for its lifetime (so each R4 resource type
 * ever validated would stay in the heap, with its R5 conversion), and value sets and code systems for 10 minutes, up
 * to 5000; here they come from {@link OnDemandR4Definitions}, whose cache is bounded by size. Other modules of the
 * chain are asked only for what the R4 core does not hold.
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

    @Override
    public IBaseResource fetchValueSet(String theUrl) {
        IBaseResource valueSet = definitions.fetchValueSet(theUrl);
        return valueSet != null ? valueSet : super.fetchValueSet(theUrl);
    }

    @Override
    public IBaseResource fetchCodeSystem(String theSystem) {
        IBaseResource codeSystem = definitions.fetchCodeSystem(theSystem);
        return codeSystem != null ? codeSystem : super.fetchCodeSystem(theSystem);
    }

    private static IValidationSupport[] modules(OnDemandR4Definitions definitions, IValidationSupport... others) {
        List<IValidationSupport> modules = new ArrayList<>(List.of(others));
        modules.add(0, definitions);
        return modules.toArray(IValidationSupport[]::new);
    }
}
