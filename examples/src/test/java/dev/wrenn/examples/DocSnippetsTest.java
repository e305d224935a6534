package dev.wrenn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps the docs honest: every {@code ```java} block in {@code README.md} and {@code docs/*.md} must be
 * preceded by {@code <!-- snippet: File.java#name -->} and be identical, up to indentation, to the region
 * between {@code // tag::name[]} and {@code // end::name[]} in that file of the examples (or of the
 * starter's tests), which the build compiles.
 */
class DocSnippetsTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path ROOT = MODULE.getParent();
    private static final List<Path> SOURCE_ROOTS = List.of(MODULE.resolve("src/main/java"), MODULE.resolve("src/test/java"),
            ROOT.resolve("spring-boot-starter/src/test/java"));
    private static final Pattern JAVA_BLOCK = Pattern.compile(
            "(?:<!--\\s*snippet:\\s*(\\S+?)#(\\S+?)\\s*-->\\s*\\n)?```java\\n(.*?)```", Pattern.DOTALL);

    record Snippet(Path document, String file, String tag, String code) {
    }


    @TestFactory
    Stream<DynamicTest> everyMarkedJavaBlockMatchesItsCompiledSource() {
        return documents().stream()
                .flatMap(document -> snippets(document).stream())
                .filter(snippet -> snippet.file() != null)
                .map(snippet -> DynamicTest.dynamicTest(ROOT.relativize(snippet.document()) + ": "
                        + snippet.file() + "#" + snippet.tag(), () -> assertThat(normalize(snippet.code()))
                        .isEqualTo(normalize(taggedRegion(snippet.file(), snippet.tag())))));
    }

    @Test
    void everyJavaBlockIsMarked() {
        List<Path> documents = documents();
        for (Path document : documents) {
            assertThat(snippets(document)).as(document + ": java blocks need a <!-- snippet: File.java#tag --> marker")
                    .allSatisfy(snippet -> assertThat(snippet.file()).isNotNull());
        }
        assertThat(documents.stream().mapToInt(document -> snippets(document).size()).sum()).isGreaterThan(20);
    }

    private static List<Path> documents() {
        List<Path> documents = new ArrayList<>();
        documents.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    private static List<Snippet> snippets(Path document) {
        Matcher matcher = JAVA_BLOCK.matcher(read(document));
        List<Snippet> snippets = new ArrayList<>();
        while (matcher.find()) {
            snippets.add(new Snippet(document, matcher.group(1), matcher.group(2), matcher.group(3)));
        }
        return snippets;
    }

    private static String taggedRegion(String fileName, String tag) {
        Path source = findSource(fileName);
        List<String> lines = read(source).lines().toList();
        int start = lines.indexOf(lines.stream().filter(l -> l.strip().equals("// tag::" + tag + "[]"))
                .findFirst().orElseThrow(() -> new AssertionError("no tag::" + tag + "[] in " + source)));
        int end = lines.indexOf(lines.stream().filter(l -> l.strip().equals("// end::" + tag + "[]"))
                .findFirst().orElseThrow(() -> new AssertionError("no end::" + tag + "[] in " + source)));
        return String.join("\n", lines.subList(start + 1, end).stream()
                .filter(line -> !line.strip().matches("// (tag|end)::[\\w-]+\\[]"))
                .toList());
    }

    private static Path findSource(String fileName) {
        for (Path root : SOURCE_ROOTS) {
            try (Stream<Path> files = Files.walk(root)) {
                List<Path> found = files.filter(path -> path.getFileName().toString().equals(fileName)).toList();
                if (!found.isEmpty()) {
                    return found.get(0);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new AssertionError("no source file " + fileName + " in the examples");
    }

    /** Removes the common indentation and trailing blanks, so a snippet can sit at any depth. */
    private static String normalize(String code) {
        List<String> lines = code.stripTrailing().lines().map(String::stripTrailing).toList();
        int indent = lines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(line -> line.isBlank() ? "" : line.substring(indent)).toList());
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
