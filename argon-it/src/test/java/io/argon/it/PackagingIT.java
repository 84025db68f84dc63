package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.argon.core.Version;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The jars as a project that depends on Argon gets them: each names its module, they can share
 * a module path, and the libraries bring no logging provider.
 */
class PackagingIT {
    /** Modules whose jars nobody depends on: the benchmarks (in the packages they measure) and these tests. */
    private static final Set<String> NOT_FOR_USERS = Set.of("argon-jmh", "argon-it");
    /** The modules a project depends on (argon-junit in test scope), and what they depend on. */
    private static final List<String> LIBRARIES = List.of("argon-protocol", "argon-core", "argon-worker", "argon-metrics",
            "argon-client", "argon-node", "argon-junit", "argon-examples");

    /** Each module's own jar, built by this build. */
    private static List<Path> moduleJars() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> modules = Files.list(ArgonProcess.home())) {
            for (Path module : modules.filter(dir -> dir.getFileName().toString().startsWith("argon-")).sorted().toList()) {
                String name = module.getFileName().toString();
                Path jar = module.resolve("target").resolve(name + "-" + Version.get() + ".jar");
                if (!NOT_FOR_USERS.contains(name) && Files.isRegularFile(jar)) {
                    jars.add(jar);
                }
            }
        }
        return jars;
    }

    @Test
    void everyJarNamesItsModuleAfterItsMainPackage() throws IOException {
        List<Path> jars = moduleJars();
        assertThat(jars.stream().map(jar -> jar.getFileName().toString())).as("the modules' jars").hasSizeGreaterThanOrEqualTo(11)
                .anyMatch(name -> name.startsWith("argon-client-")).anyMatch(name -> name.startsWith("argon-junit-"));
        for (Path jar : jars) {
            String artifact = jar.getParent().getParent().getFileName().toString();
            String expected = "io.argon." + artifact.substring("argon-".length());
            try (JarFile opened = new JarFile(jar.toFile())) {
                assertThat(opened.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).as(jar.toString())
                        .isEqualTo(expected);
                String mainPackage = expected.replace('.', '/') + "/";
                assertThat(opened.stream().map(entry -> entry.getName()))
                        .as("%s holds its main package", jar).anyMatch(name -> name.startsWith(mainPackage) && name.endsWith(".class"));
            }
        }
    }

    @Test
    void allTheJarsFitOnOneModulePathWithNoPackageInTwo() throws IOException {
        List<Path> jars = moduleJars();
        ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
        Set<String> names = finder.findAll().stream().map(reference -> reference.descriptor().name()).collect(Collectors.toSet());
        assertThat(names).hasSize(jars.size()).allMatch(name -> name.startsWith("io.argon."));
        // Resolving them together fails on a package that two of them hold.
        assertThatCode(() -> Configuration.resolve(finder, List.of(ModuleLayer.boot().configuration()), ModuleFinder.of(), names))
                .doesNotThrowAnyException();
        for (ModuleReference module : finder.findAll()) {
            assertThat(module.descriptor().isAutomatic()).isTrue();
        }
    }

    @Test
    void theLibrariesBringNoLoggingProvider() throws Exception {
        for (String library : LIBRARIES) {
            Path pom = ArgonProcess.home().resolve(library).resolve("pom.xml");
            NodeList dependencies = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                    .getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                if (text(dependency, "groupId").equals("ch.qos.logback")) {
                    boolean optional = text(dependency, "optional").equals("true");
                    boolean test = text(dependency, "scope").equals("test");
                    assertThat(optional || test).as("%s: Logback is optional or for its tests only", pom).isTrue();
                }
            }
        }
    }

    private static String text(Element parent, String tag) {
        NodeList found = parent.getElementsByTagName(tag);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent().trim();
    }
}
