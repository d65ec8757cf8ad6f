package dev.lightcone.cli;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.conditions.ArchConditions.onlyHaveDependenciesWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module layering of design §2, checked on the compiled main classes of every module (cli depends on all of
 * them; lightcone-testing is on its test class path). Each module lives in package {@code dev.lightcone.<module>}.
 * A failure names the offending class and the class it depends on.
 */
class LayeringTest {
    /** The Maven modules whose classes are imported here, by package name under {@code dev.lightcone}. */
    private static final List<String> MODULES =
            List.of("sats", "commitlog", "executor", "materializer", "ingest", "gateway", "codegen", "cli", "testing");

    /** True unless the dependency's target is in an {@code internal} package of a module other than the origin's. */
    private static final DescribedPredicate<Dependency> NOT_INTO_ANOTHER_MODULES_INTERNALS =
            DescribedPredicate.describe("the target is not in an `internal` package of another module", d -> {
                String target = d.getTargetClass().getPackageName();
                return !isInternal(target) || module(target).equals(module(d.getOriginClass().getPackageName()));
            });

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.lightcone");
    }

    /** Guards the rules below: a module missing from the class path, or a new one missing here, fails. */
    @Test
    void everyModuleIsImported() {
        Set<String> found = classes.stream()
                .map(JavaClass::getPackageName)
                .filter(p -> p.startsWith("dev.lightcone."))
                .map(p -> p.split("\\.")[2])
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(MODULES), found);
    }

    @Test
    void satsDependsOnNoOtherModule() {
        mayOnlyDependOn("sats").because("design §2: sats (the type system) may depend on nothing of ours")
                .check(classes);
    }

    @Test
    void commitlogDependsOnlyOnSats() {
        mayOnlyDependOn("commitlog", "sats").because("design §2: commitlog may depend on sats only").check(classes);
    }

    @Test
    void executorDependsOnlyOnSatsAndCommitlog() {
        mayOnlyDependOn("executor", "sats", "commitlog")
                .because("design §2: executor may depend on sats and commitlog only").check(classes);
    }

    @Test
    void materializerDependsOnlyOnSatsAndExecutor() {
        mayOnlyDependOn("materializer", "sats", "executor")
                .because("design §2: materializer may depend on sats and executor (its read-only API) only")
                .check(classes);
    }

    @Test
    void ingestDependsOnlyOnSatsCommitlogAndExecutor() {
        mayOnlyDependOn("ingest", "sats", "commitlog", "executor")
                .because("design §2: ingest may depend on sats, commitlog and executor only").check(classes);
    }

    @Test
    void gatewayDependsOnlyOnTheServerModules() {
        mayOnlyDependOn("gateway", "sats", "commitlog", "executor", "materializer", "ingest")
                .because("design §2: gateway may depend on everything above it (sats, commitlog, executor,"
                        + " materializer, ingest), never on cli, testing or bench")
                .check(classes);
    }

    @Test
    void codegenDependsOnlyOnSats() {
        mayOnlyDependOn("codegen", "sats")
                .because("client bindings are made from the module definition alone (sats), so any tool can"
                        + " generate them without the server").check(classes);
    }

    @Test
    void testingDependsOnlyOnWhatTheExecutorSees() {
        mayOnlyDependOn("testing", "sats", "commitlog", "executor")
                .because("lightcone-testing is a harness over the executor; depending on it must not pull in"
                        + " the server").check(classes);
    }

    @Test
    void onlyTestsDependOnTesting() {
        noClasses().that().resideOutsideOfPackage(pkg("testing"))
                .should().dependOnClassesThat().resideInAPackage(pkg("testing"))
                .because("the test harness (lightcone-testing) is for tests only and never ships in the server")
                .check(classes);
    }

    @Test
    void noModuleUsesAnotherModulesInternals() {
        classes().should(onlyHaveDependenciesWhere(NOT_INTO_ANOTHER_MODULES_INTERNALS))
                .because("style §3 and design §2: a module's `internal` packages (dev.lightcone.<m>.internal.. or"
                        + " dev.lightcone.<m>...internal..) are not its API; only the module itself may use them")
                .check(classes);
    }

    /** Classes of {@code module} depend on no class of ours outside {@code module} and {@code allowed}. */
    private static ArchRule mayOnlyDependOn(String module, String... allowed) {
        String[] own = Arrays.stream(allowed).map(LayeringTest::pkg).toArray(String[]::new);
        String[] permitted = Arrays.copyOf(own, own.length + 1);
        permitted[own.length] = pkg(module);
        return classes().that().resideInAPackage(pkg(module))
                .should().onlyDependOnClassesThat(
                        resideInAnyPackage(permitted).or(resideOutsideOfPackage("dev.lightcone..")));
    }

    /** {@code dev.lightcone.<module>.…}: the module's name, else "". */
    private static String module(String packageName) {
        String[] parts = packageName.split("\\.");
        return parts.length > 2 && parts[0].equals("dev") && parts[1].equals("lightcone") ? parts[2] : "";
    }

    /** A package of ours named {@code internal} or inside one, below the module's own package. */
    private static boolean isInternal(String packageName) {
        List<String> parts = Arrays.asList(packageName.split("\\."));
        return !module(packageName).isEmpty() && parts.subList(3, parts.size()).contains("internal");
    }

    private static String pkg(String module) {
        return "dev.lightcone." + module + "..";
    }
}
