package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code java} block in README.md is a whole source file a reader can paste, and a file of
 * the sample application in argon-examples/app (which the build compiles and tests) as it
 * stands. All of them are compiled together against this build's jars, and the client example
 * is run against a real node (its address given in place of 127.0.0.1:8000): what it prints
 * must be what README shows in the comment after its {@code println}.
 */
class ReadmeJavaIT {
    private static final Pattern TYPE = Pattern.compile("^(?:public )?(?:final )?(?:class|record|interface) (\\w+)", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern SHOWN_OUTPUT = Pattern.compile("System\\.out\\.println\\(.*\\); // (.+)$", Pattern.MULTILINE);

    /** A java block of README.md and the line its code starts on. */
    private record Snippet(int line, String source) {
        String typeName() {
            Matcher type = TYPE.matcher(source);
            assertThat(type.find()).as("README.md line %d: a java block declares a class or record", line).isTrue();
            return type.group(1);
        }

        String qualifiedName() {
            Matcher pkg = PACKAGE.matcher(source);
            return pkg.find() ? pkg.group(1) + "." + typeName() : typeName();
        }

        Path file(Path root) {
            Matcher pkg = PACKAGE.matcher(source);
            Path dir = pkg.find() ? root.resolve(pkg.group(1).replace('.', '/')) : root;
            return dir.resolve(typeName() + ".java");
        }
    }

    @TempDir
    Path scratch;

    private static List<Snippet> snippets() throws IOException {
        List<Snippet> snippets = new ArrayList<>();
        StringBuilder source = null;
        int start = 0;
        List<String> lines = Files.readAllLines(ArgonProcess.home().resolve("README.md"));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (source == null && line.equals("```java")) {
                source = new StringBuilder();
                start = i + 2;
            } else if (source != null && line.startsWith("```")) {
                snippets.add(new Snippet(start, source.toString()));
                source = null;
            } else if (source != null) {
                source.append(line).append('\n');
            }
        }
        return snippets;
    }

    @Test
    void everyJavaBlockIsAFileOfTheSampleApplicationAsItStands() throws IOException {
        Path app = ArgonProcess.home().resolve("argon-examples/app/src");
        for (Snippet snippet : snippets()) {
            Path main = snippet.file(app.resolve("main/java"));
            Path test = snippet.file(app.resolve("test/java"));
            Path file = Files.exists(main) ? main : test;
            assertThat(file).as("README.md line %d: the sample application has %s", snippet.line(), file).exists();
            assertThat(snippet.source()).as("README.md line %d is %s as it stands", snippet.line(), file)
                    .isEqualTo(Files.readString(file));
        }
    }

    @Test
    void everyJavaBlockCompilesAsItStandsAndTheClientExamplePrintsWhatItShows() throws Exception {
        List<Snippet> snippets = snippets();
        assertThat(snippets).as("java blocks in README.md").hasSizeGreaterThanOrEqualTo(3);
        Path sources = Files.createDirectories(scratch.resolve("src"));
        Path classes = Files.createDirectories(scratch.resolve("classes"));
        List<Path> files = new ArrayList<>();
        for (Snippet snippet : snippets) {
            Path file = snippet.file(sources);
            assertThat(files).as("README.md line %d declares a type another block declares too", snippet.line()).doesNotContain(file);
            Files.createDirectories(file.getParent());
            Files.writeString(file, snippet.source());
            files.add(file);
        }
        compile(files, classes, snippets);

        Snippet client = snippets.stream().filter(s -> s.source().contains("public static void main(String[] args)")).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no client example with a main method"));
        Matcher shown = SHOWN_OUTPUT.matcher(client.source());
        assertThat(shown.find()).as("the client example shows what it prints").isTrue();
        try (ArgonProcess node = ArgonProcess.startNode("-w", "4")) {
            // Run as README shows it, given the node's address in place of its default, 127.0.0.1:8000.
            Process run = new ProcessBuilder(javaExecutable(), "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                    "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"),
                    client.qualifiedName(),
                    "127.0.0.1:" + node.port())
                    .redirectErrorStream(true).start();
            assertThat(run.waitFor(Timeouts.ANSWERS.toSeconds(), TimeUnit.SECONDS)).as("the client example finished").isTrue();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.exitValue()).as(output).isZero();
            assertThat(output.lines().filter(l -> !l.isBlank()))
                    .as(output).containsExactly(shown.group(1).trim());
        }
    }

    private static void compile(List<Path> files, Path classes, List<Snippet> snippets) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromPaths(files);
            List<String> options = List.of("--release", "17", "-Xlint:all,-path,-processing", "-Werror", "-proc:none",
                    "-classpath", System.getProperty("java.class.path"), "-d", classes.toString());
            boolean compiled = javac.getTask(errors, fileManager, null, options, null, units).call();
            assertThat(compiled).as("README.md's java blocks (starting on lines %s) compile:%n%s",
                    snippets.stream().map(Snippet::line).toList(), errors).isTrue();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
