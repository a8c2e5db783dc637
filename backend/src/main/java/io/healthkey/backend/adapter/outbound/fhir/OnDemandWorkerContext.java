package io.healthkey.backend.adapter.outbound.fhir;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.PackageInformation;
import org.hl7.fhir.r5.model.Resource;
import org.hl7.fhir.r5.model.StructureDefinition;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.model.api.annotation.ResourceDef;
import ca.uhn.hapi.converters.canonical.VersionCanonicalizer;

/**
 * HAPI's bridge from the R5 validator to an {@link IValidationSupport}, minus its one habit that holds every
 * definition: the validator lists all structure definitions (each FHIRPath engine it builds reads their names, kinds
 * and types; so does the question whether a type is primitive), and HAPI's adapter answers by converting all R4
 * definitions to R5 and keeping both copies. This one lists {@link StructureDefinitionHeader}s, read
 * once from {@link OnDemandR4Definitions}' index, which fetch their snapshot only when it is read.
 */
final class OnDemandWorkerContext extends WorkerContextValidationSupportAdapter {

    /** HAPI's adapter's own fetch by resource type name, which is private. */
    private static final MethodHandle FETCH_BY_TYPE_NAME = fetchByTypeName();

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

    /**
     * As HAPI's, without its step through an R5 {@code FhirContext} to name the resource type of {@code class_}:
     * that step has HAPI model the R5 StructureDefinition class and all it reaches, a large heap, to read a name
     * the class's {@link ResourceDef} annotation gives.
     */
    @Override
    public <T extends Resource> T fetchResource(Class<T> class_, String theUri) {
        if (theUri == null || theUri.isBlank()) {
            return null;
        }
        ResourceDef definition = class_.getAnnotation(ResourceDef.class);
        if (definition == null) {
            return super.fetchResource(class_, theUri);
        }
        try {
            return class_.cast((Resource) FETCH_BY_TYPE_NAME.invoke(this, definition.name(), theUri));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public <T extends Resource> boolean hasResource(Class<T> class_, String uri) {
        return fetchResource(class_, uri) != null;
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

    private static MethodHandle fetchByTypeName() {
        try {
            return MethodHandles.privateLookupIn(WorkerContextValidationSupportAdapter.class, MethodHandles.lookup())
                    .findVirtual(WorkerContextValidationSupportAdapter.class, "fetchResource",
                            MethodType.methodType(IBaseResource.class, String.class, String.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("HAPI's WorkerContextValidationSupportAdapter changed", e);
        }
    }
}
