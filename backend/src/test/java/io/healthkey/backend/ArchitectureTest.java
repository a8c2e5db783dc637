package io.healthkey.backend;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency rule: domain knows nothing outside itself; application knows ports, not adapters. */
@AnalyzeClasses(packages = "io.healthkey.backend", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainIsFreeOfFrameworks = noClasses().that().resideInAPackage("..backend.domain..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "org.web3j..", "org.bouncycastle..", "reactor..",
                    "com.fasterxml..", "tools.jackson..", "..backend.application..", "..backend.adapter..");

    @ArchTest
    static final ArchRule applicationKnowsNoAdaptersNorChainLibraries = noClasses()
            .that().resideInAPackage("..backend.application..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "..backend.adapter..", "org.web3j..", "org.springframework.web..", "org.springframework.r2dbc..");

    @ArchTest
    static final ArchRule inboundAdaptersUseUseCasesNotOutboundAdapters = noClasses()
            .that().resideInAPackage("..adapter.in..")
            .should().dependOnClassesThat().resideInAPackage("..adapter.out..");
}
