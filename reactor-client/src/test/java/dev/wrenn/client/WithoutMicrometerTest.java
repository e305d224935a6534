package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: the client loads and works from a class path without it, as long as
 * neither registry option is used.
 */
class WithoutMicrometerTest {

    @Test
    void theClientMakesCallsWithNoMicrometerOnTheClassPath() throws Exception {
        try (FaultServer server = FaultServer.respond(200, "application/json", "[]");
             URLClassLoader withoutMicrometer = new URLClassLoader(classPathWithout("micrometer", "context-propagation"),
                     ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> withoutMicrometer.loadClass("io.micrometer.core.instrument.MeterRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> withoutMicrometer.loadClass("io.micrometer.observation.ObservationRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> withoutMicrometer.loadClass("io.micrometer.context.ContextRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);

            Class<?> plainUse = withoutMicrometer.loadClass(PlainUse.class.getName());
            assertThat(plainUse.getClassLoader()).isSameAs(withoutMicrometer);
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(withoutMicrometer); // where service loaders look
            Object capsules;
            try {
                capsules = plainUse.getMethod("listCapsules", String.class, String.class)
                        .invoke(null, server.baseUrl(), TestKeys.API_KEY);
            } finally {
                thread.setContextClassLoader(previous);
            }
            assertThat((List<?>) capsules).isEmpty();
            assertThat(server.requestLines).containsExactly("GET /api/v1/capsules");
        }
    }

    @Test
    void theBuilderReflectsWithNoMicrometerOnTheClassPath() throws Exception {
        try (URLClassLoader withoutMicrometer = new URLClassLoader(classPathWithout("micrometer", "context-propagation"),
                ClassLoader.getPlatformClassLoader())) {
            Class<?> client = withoutMicrometer.loadClass(WrennClient.class.getName());
            assertThat(client.getClassLoader()).isSameAs(withoutMicrometer);
            assertThat(Arrays.stream(client.getMethods()).map(Method::getName)).contains("builder", "processes");
            Class<?> builder = withoutMicrometer.loadClass(WrennClient.Builder.class.getName());
            assertThat(Arrays.stream(builder.getMethods()).map(Method::getName)).contains("build", "instrument");
            // Only the type that names Micrometer fails to reflect, where an application without Micrometer never looks.
            Class<?> micrometer = withoutMicrometer.loadClass(Micrometer.class.getName());
            assertThatThrownBy(micrometer::getMethods).isInstanceOf(NoClassDefFoundError.class);
        }
    }

    /** The test class path (Surefire's, which may hide behind a manifest-only jar), without the named jars. */
    private static URL[] classPathWithout(String... excluded) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> Arrays.stream(excluded).noneMatch(Path.of(entry).getFileName().toString()::startsWith))
                .map(WithoutMicrometerTest::url)
                .toArray(URL[]::new);
    }

    private static URL url(String entry) {
        try {
            return Path.of(entry).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new AssertionError(e);
        }
    }

    /** What an application without Micrometer does; loaded by the class loader without it. */
    public static final class PlainUse {
        public static List<Capsule> listCapsules(String baseUrl, String apiKey) {
            try (WrennClient client = WrennClient.builder().baseUrl(baseUrl).apiKey(apiKey).build()) {
                return client.capsules().list().collectList().block(Duration.ofSeconds(10));
            }
        }
    }
}
