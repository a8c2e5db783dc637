package io.healthkey.backend.adapter.out.fhir;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r5.model.PackageInformation;
import org.hl7.fhir.r5.model.Resource;
import org.hl7.fhir.r5.model.StructureDefinition;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.hapi.converters.canonical.VersionCanonicalizer;

/**
 * HAPI's bridge from the R5 validator to an {@link IValidationSupport}, minus its one habit that holds every
 * definition: the validator lists all structure definitions (each FHIRPath engine it builds reads their names, kinds
 * and types; so does the question whether a type is primitive), and HAPI's adapter answers by converting all R4
 * definitions to R5 and keeping both copies (about 150 MiB). This one lists {@link StructureDefinitionHeader}s, read
 * once from {@link OnDemandR4Definitions}' index (a few MiB), which fetch their snapshot only when it is read.
 */
final class OnDemandWorkerContext extends WorkerContextValidationSupportAdapter {

    private final OnDemandR4Definitions definitions;
    private final Supplier<Set<String>> primitiveTypes;
    private final Supplier<List<StructureDefinition>> headers;

    OnDemandWorkerContext(IValidationSupport support, OnDemandR4Definitions definitions) {
        super(support);
        this.definitions = definitions;
        // Both read the definitions' index: at first use, not at startup.
        this.primitiveTypes = OnDemandR4Definitions.once(() -> Set.copyOf(definitions.primitiveTypeNames()));
        this.headers = OnDemandR4Definitions.once(this::readHeaders);
    }

    @Override
    public boolean isPrimitiveType(String theType) {
        return primitiveTypes.get().contains(theType);
    }

    @Override
    public boolean isDataType(String theType) {
        return !isPrimitiveType(theType);
    }

    @Override
    public List<StructureDefinition> fetchTypeDefinitions(String theTypeName) {
        return headers.get().stream()
                .filter(definition -> definition.hasType() && definition.getType().equals(theTypeName))
                .toList();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Resource> List<T> fetchResourcesByType(Class<T> theClass) {
        if (theClass.equals(StructureDefinition.class)) {
            return (List<T>) headers.get();
        }
        return super.fetchResourcesByType(theClass);
    }

    private List<StructureDefinition> readHeaders() {
        VersionCanonicalizer canonicalizer = new VersionCanonicalizer(definitions.getFhirContext());
        List<StructureDefinition> all = new ArrayList<>();
        for (CompressedR4Definitions.Entry entry : definitions.structureDefinitionEntries()) {
            StructureDefinition header =
                    canonicalizer.structureDefinitionToCanonical(definitions.parse(entry.headerXml()));
            StructureDefinitionHeader lazy = new StructureDefinitionHeader(header, entry.hasSnapshot(),
                    entry.hasDifferential(), () -> fetchResource(StructureDefinition.class, entry.url()));
            // As HAPI's adapter marks the definitions it converts.
            lazy.setSourcePackage(
                    new PackageInformation(OnDemandR4Definitions.R4_CORE_PACKAGE, null, null, new Date()));
            all.add(lazy);
        }
        return List.copyOf(all);
    }
}
