package dev.vellum.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering rules: api on top, no package cycles, pure Java where we promise it. */
@AnalyzeClasses(packages = "dev.vellum", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {

    /** Routes, the OpenAPI description and the one error→HTTP mapping; features never reach up into them. */
    @ArchTest
    static final ArchRule nothing_imports_api = noClasses()
            .that().resideOutsideOfPackages("dev.vellum.api..", "dev.vellum")
            .should().dependOnClassesThat().resideInAPackage("dev.vellum.api..");

    @ArchTest
    static final ArchRule packages_form_no_cycle = slices().matching("dev.vellum.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule query_subdoc_and_sql_are_pure_java = noClasses()
            .that().resideInAnyPackage("dev.vellum.query..", "dev.vellum.subdoc..", "dev.vellum.sql..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "reactor..", "io.r2dbc..",
                    "io.lettuce..");
}
