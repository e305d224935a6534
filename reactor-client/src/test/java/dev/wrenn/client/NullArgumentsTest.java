package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * One null policy for the whole public API, checked by reflection over every public constructor and method of
 * every public type of {@code dev.wrenn.client}: each reference parameter not marked {@code @Nullable} refuses
 * null with an {@link IllegalArgumentException} whose message starts with the parameter's name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NullArgumentsTest {

    /** Every (executable, parameter) pair checked; update when the public API grows or shrinks. */
    private static final int EXPECTED_CHECKS = 125;

    private static final WrennClient CLIENT = WrennClient.builder().baseUrl("http://127.0.0.1:9").apiKey(TestKeys.API_KEY)
            .build();

    /** A valid value of each parameter type, and a receiver of each instance method's type. */
    private static final Map<Class<?>, Object> SAMPLES = samples();

    @AfterAll
    void closeClient() {
        CLIENT.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonNullParameters")
    void aNullArgumentIsRefusedByName(Check check) {
        assertThatThrownBy(check::call)
                .isInstanceOf(IllegalArgumentException.class)
                .message().startsWith(check.parameter().getName() + ' ');
    }

    @Test
    void everyPublicReferenceParameterIsChecked() {
        List<Check> checks = nonNullParameters().toList();
        assertThat(checks).hasSize(EXPECTED_CHECKS);
        assertThat(checks).extracting(check -> check.executable().getDeclaringClass().getSimpleName())
                .contains("WrennClient", "Builder", "Processes", "Capsules", "Terminals", "ProcessSelector", "Command",
                        "ProcessStreams", "TerminalStreams", "WrennException");
    }

    @Test
    void nullableParametersAcceptNull() {
        assertThat(new WrennException("message", 0, null, null, null).errorCode()).isNull();
        assertThat(WrennClient.builder().idleTimeout(null).keepAliveInterval(null)).isNotNull();
    }

    /** One executable called with {@code null} for one of its parameters and valid samples for the others. */
    record Check(Executable executable, Parameter parameter, int index) {

        void call() throws Throwable {
            Object[] arguments = new Object[executable.getParameterCount()];
            Class<?>[] types = executable.getParameterTypes();
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = i == index ? null : sample(types[i]);
            }
            try {
                if (executable instanceof Constructor<?> constructor) {
                    constructor.newInstance(arguments);
                } else {
                    Method method = (Method) executable;
                    method.invoke(Modifier.isStatic(method.getModifiers()) ? null : sample(method.getDeclaringClass()),
                            arguments);
                }
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public String toString() {
            return executable.getDeclaringClass().getSimpleName() + '.' + (executable instanceof Method m ? m.getName() : "new")
                    + Arrays.stream(executable.getParameterTypes()).map(Class::getSimpleName).toList() + ' '
                    + parameter.getName();
        }
    }

    static Stream<Check> nonNullParameters() {
        return publicTypes().stream()
                .flatMap(type -> Stream.concat(Arrays.stream(type.getDeclaredConstructors()), Arrays.stream(type.getDeclaredMethods())))
                .filter(executable -> Modifier.isPublic(executable.getModifiers()) && !executable.isSynthetic()
                        && !isInherentlyNullTolerant(executable))
                .sorted(Comparator.comparing(Executable::toGenericString))
                .flatMap(executable -> {
                    Parameter[] parameters = executable.getParameters();
                    List<Check> checks = new ArrayList<>();
                    for (int i = 0; i < parameters.length; i++) {
                        if (!parameters[i].getType().isPrimitive()
                                && !parameters[i].getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                            checks.add(new Check(executable, parameters[i], i));
                        }
                    }
                    return checks.stream();
                });
    }

    /** {@code equals(null)} is false by contract; an enum's {@code valueOf} is the language's own. */
    private static boolean isInherentlyNullTolerant(Executable executable) {
        return executable instanceof Method m && (m.getName().equals("equals")
                || m.getDeclaringClass().isEnum() && m.getName().equals("valueOf"));
    }

    /** Every public top-level and nested type of the package, found from its compiled classes. */
    private static List<Class<?>> publicTypes() {
        try (Stream<Path> files = Files.list(Path.of(WrennClient.class.getResource("WrennClient.class").toURI()).getParent())) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class") && !name.equals("package-info.class"))
                    .map(name -> load(WrennClient.class.getPackageName() + '.' + name.substring(0, name.length() - 6)))
                    .filter(NullArgumentsTest::isPublicApi)
                    .sorted(Comparator.comparing(Class::getName))
                    .<Class<?>>map(type -> type)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isPublicApi(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass()) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, NullArgumentsTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object sample(Class<?> type) {
        if (type.isPrimitive()) {
            return type == boolean.class ? Boolean.FALSE : type == long.class ? 1L : type == int.class ? 1 : (Object) 1.0;
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        Object sample = SAMPLES.get(type);
        if (sample == null) {
            throw new AssertionError("no sample value of " + type.getName() + ": add one to NullArgumentsTest.SAMPLES");
        }
        return sample;
    }

    private static Map<Class<?>, Object> samples() {
        Map<Class<?>, Object> samples = new HashMap<>();
        samples.put(String.class, "web");
        samples.put(String[].class, new String[] {"-c"});
        samples.put(byte[].class, new byte[] {1});
        samples.put(Duration.class, Duration.ofSeconds(1));
        samples.put(Instant.class, Instant.EPOCH);
        samples.put(List.class, List.of("-c"));
        samples.put(Map.class, Map.of("K", "V"));
        samples.put(Throwable.class, new IllegalStateException("cause"));
        samples.put(Function.class, Function.identity());
        samples.put(Consumer.class, (Consumer<Object>) ignored -> { });
        samples.put(Publisher.class, Flux.empty());
        samples.put(Flux.class, Flux.empty());
        samples.put(Mono.class, Mono.empty());
        samples.put(RetryBackoffSpec.class, Retry.backoff(1, Duration.ofMillis(1)));
        samples.put(HttpClient.class, HttpClient.create());
        samples.put(ConnectionProvider.class, ConnectionProvider.newConnection());
        samples.put(LoopResources.class, LoopResources.create("null-arguments-test"));
        samples.put(SslContext.class, sslContext());
        samples.put(MeterRegistry.class, new SimpleMeterRegistry());
        samples.put(ObservationRegistry.class, ObservationRegistry.NOOP);

        samples.put(WrennClient.class, CLIENT);
        samples.put(WrennClient.Builder.class, WrennClient.builder());
        samples.put(Capsules.class, CLIENT.capsules());
        samples.put(Processes.class, CLIENT.processes(TestKeys.CAPSULE));
        samples.put(Terminals.class, CLIENT.terminals(TestKeys.CAPSULE));
        samples.put(ProcessSelector.class, ProcessSelector.pid(1));
        samples.put(Command.class, Command.of("true"));
        samples.put(CapsuleSpec.class, CapsuleSpec.defaults());
        samples.put(TerminalSpec.class, TerminalSpec.shell());
        samples.put(RetryPolicy.class, RetryPolicy.defaults());
        samples.put(OnCancel.class, OnCancel.kill());
        samples.put(BackgroundProcess.class, new BackgroundProcess(CLIENT.processes(TestKeys.CAPSULE), 1, "web"));
        samples.put(WrennException.class, new StreamInterruptedException("cut", 0, null, null, null));
        return samples;
    }

    private static SslContext sslContext() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }
}
