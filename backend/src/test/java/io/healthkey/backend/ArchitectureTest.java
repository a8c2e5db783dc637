package io.healthkey.backend;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rule, by layer and by feature: the domain knows nothing outside itself; the application knows its
 * ports and no framework; inbound adapters call use cases, never outbound adapters; features depend on each other
 * without cycles.
 */
@AnalyzeClasses(packages = "io.healthkey.backend", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /**
     * The one framework package the application may use: Spring's {@code DataBuffer}. Uploads of hundreds of MiB
     * reach the content store in the server's own pooled buffers, without a copy, and each buffer is released when
     * the store has written it; a byte-chunk abstraction of our own would need either a copy per chunk or the same
     * reference-counting contract under another name (what the copy cost: benchmarks/README.md, uploads). Only the
     * upload and read paths may use it: {@link #onlyTheUploadPathUsesDataBuffers}.
     */
    private static final String ZERO_COPY_BUFFERS = "org.springframework.core.io.buffer..";

    @ArchTest
    static final ArchRule domainIsFreeOfFrameworks = noClasses().that().resideInAPackage("..backend.domain..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "org.web3j..", "org.bouncycastle..", "reactor..",
                    "com.fasterxml..", "tools.jackson..", "..backend.application..", "..backend.adapter..");

    @ArchTest
    static final ArchRule applicationKnowsNoAdaptersNorChainLibraries = noClasses()
            .that().resideInAPackage("..backend.application..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "..backend.adapter..", "..backend.config..", "org.web3j..", "org.bouncycastle..",
                    "com.fasterxml..", "tools.jackson..", "io.r2dbc..");

    @ArchTest
    static final ArchRule applicationUsesNoSpringTypeButZeroCopyBuffers = noClasses()
            .that().resideInAPackage("..backend.application..")
            .should().dependOnClassesThat(resideInAPackage("org.springframework..")
                    .and(not(resideInAPackage(ZERO_COPY_BUFFERS))))
            .because("use cases are plain Java: Spring wires them in config/");

    @ArchTest
    static final ArchRule onlyTheUploadPathUsesDataBuffers = noClasses()
            .that().resideInAPackage("..backend.application..")
            .and().resideOutsideOfPackages("..application.record..", "..application.gateway..")
            .should().dependOnClassesThat().resideInAPackage(ZERO_COPY_BUFFERS)
            .because("DataBuffer is the listed exception for the zero-copy upload and record read only");

    @ArchTest
    static final ArchRule applicationFeaturesAreFreeOfCycles = slices()
            .matching("io.healthkey.backend.application.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule domainFeaturesAreFreeOfCycles = slices()
            .matching("io.healthkey.backend.domain.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule inboundAdaptersUseUseCasesNotOutboundAdapters = noClasses()
            .that().resideInAPackage("..adapter.inbound..")
            .should().dependOnClassesThat().resideInAPackage("..adapter.outbound..");

    @ArchTest
    static final ArchRule outboundAdaptersAreNotCalledByTheApplicationNorEachOtherAcrossSystems = noClasses()
            .that().resideInAPackage("..adapter.outbound..")
            .should().dependOnClassesThat().resideInAPackage("..adapter.inbound..");

    @ArchTest
    static final ArchRule portsAreInterfaces = classes()
            .that().resideInAPackage("..backend.application..").and().haveSimpleNameEndingWith("Port")
            .should().beInterfaces();

    @ArchTest
    static final ArchRule useCasesAreInterfaces = classes()
            .that().resideInAPackage("..backend.application..").and().haveSimpleNameEndingWith("UseCase")
            .should().beInterfaces();
}
