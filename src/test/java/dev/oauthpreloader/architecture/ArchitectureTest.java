package dev.oauthpreloader.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Tag;

/** The layout's rules, read from the compiled classes: a build that breaks one fails here. */
@AnalyzeClasses(packages = "dev.oauthpreloader", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
@Tag("unit")
class ArchitectureTest {

    /** App and Config in the root package wire everything together; below them, no package may depend back on another in a circle. */
    @ArchTest
    static final ArchRule feature_packages_have_no_cycles = slices().matching("dev.oauthpreloader.(*)..").should().beFreeOfCycles();

    /** The protocol libraries stay behind the provider interface, so the flow can be read without them. */
    @ArchTest
    static final ArchRule only_provider_speaks_the_protocol_libraries = noClasses()
            .that().resideOutsideOfPackage("dev.oauthpreloader.provider..")
            .should().dependOnClassesThat().resideInAnyPackage("org.pac4j..", "com.github.scribejava..", "com.nimbusds..");
}
