package dev.wrenn.emulator.junit;

import dev.wrenn.client.Capsule;
import dev.wrenn.client.WrennClient;
import dev.wrenn.emulator.WrennEmulator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a local {@link WrennEmulator} and a ready {@link WrennClient} for it, as parameters of test and
 * lifecycle methods, and cleans both up.
 *
 * <p>Use {@link WrennEmulatorTest @WrennEmulatorTest} for the defaults, or register a configured instance:
 *
 * <pre>{@code
 * @RegisterExtension
 * static WrennEmulatorExtension emulator = WrennEmulatorExtension.builder()
 *         .configure(options -> options.websocketAuthTimeout(Duration.ofMillis(200)))
 *         .client(options -> options.idleTimeout(Duration.ofSeconds(5)))
 *         .perMethod()
 *         .build();
 * }</pre>
 *
 * <p>Parameters it resolves:
 * <ul>
 *   <li>{@link WrennEmulator}: the emulator, started on first use;</li>
 *   <li>{@link WrennClient}: a client built against the emulator's base URL and API key;</li>
 *   <li>{@link Capsule}: a new capsule, already {@code running}, for each such parameter; it is destroyed (and
 *       its processes killed) after the test it was given to (in the test method or a {@code @BeforeEach}
 *       method), or after the class if a {@code @BeforeAll} method asked for it.</li>
 * </ul>
 *
 * <p>Lifecycle: by default one emulator and client serve the whole test class (and its {@code @Nested} classes)
 * and are closed after it; with {@link Builder#perMethod()} every test gets its own, closed after that test, and
 * {@code @BeforeAll}/{@code @AfterAll} methods cannot have them. Nothing is started unless a parameter asks for
 * it. Cleanup runs also when a test or a lifecycle method fails: the client is closed, then the emulator, which
 * kills every process it started; if any of those processes is still running afterwards, the test (or the class)
 * fails.
 *
 * <p>Needs JUnit Jupiter 5.13 or later (6 included), which closes {@link AutoCloseable} values of the extension
 * store. The emulator runs the commands it is sent as real processes of the current user: see
 * {@link WrennEmulator}.
 */
public final class WrennEmulatorExtension implements ParameterResolver {

    private final Consumer<WrennEmulator.Builder> emulatorOptions;
    private final Consumer<WrennClient.Builder> clientOptions;
    private final boolean perMethod;
    private final ExtensionContext.Namespace namespace = ExtensionContext.Namespace.create(
            WrennEmulatorExtension.class, this);

    /**
     * An extension with the defaults: one emulator per test class, default emulator and client options. This is
     * what {@link WrennEmulatorTest @WrennEmulatorTest} registers; use {@link #builder()} for anything else.
     */
    public WrennEmulatorExtension() {
        this(new Builder());
    }

    private WrennEmulatorExtension(Builder builder) {
        this.emulatorOptions = builder.emulatorOptions;
        this.clientOptions = builder.clientOptions;
        this.perMethod = builder.perMethod;
    }

    /**
     * A builder for an extension to register with {@code @RegisterExtension}.
     *
     * @return a builder with the defaults: one emulator per class, default options
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether the parameter is one this extension provides: of type {@link WrennEmulator}, {@link WrennClient}
     * or {@link Capsule}.
     *
     * @param parameterContext the parameter
     * @param extensionContext the method's context
     * @return {@code true} for the three supported types
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == WrennEmulator.class || type == WrennClient.class || type == Capsule.class;
    }

    /**
     * The emulator or client of the current class or test (starting them on first use), or a new running capsule.
     *
     * @param parameterContext the parameter
     * @param extensionContext the method's context
     * @return the value for the parameter
     * @throws ParameterResolutionException if the emulator or the capsule cannot be started, or if an emulator
     *                                      per test is asked for in a {@code @BeforeAll} or {@code @AfterAll} method
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        EmulatorSession session = session(extensionContext);
        if (type == WrennEmulator.class) {
            return session.emulator();
        }
        if (type == WrennClient.class) {
            return session.client();
        }
        return session.runningCapsule(extensionContext.getStore(namespace));
    }

    private EmulatorSession session(ExtensionContext context) {
        ExtensionContext owner = perMethod ? testContext(context) : outermostClassContext(context);
        try {
            return owner.getStore(namespace).getOrComputeIfAbsent(EmulatorSession.class,
                    key -> EmulatorSession.start(emulatorOptions, clientOptions), EmulatorSession.class);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("could not start the Wrenn emulator: " + e.getMessage(), e);
        }
    }

    private static ExtensionContext testContext(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("the Wrenn emulator is started per test method, so "
                    + "@BeforeAll and @AfterAll methods cannot have it; build the extension with perClass() to "
                    + "share one emulator across the class");
        }
        return context;
    }

    /** The context of the top-level test class, so that {@code @Nested} classes share its emulator. */
    private static ExtensionContext outermostClassContext(ExtensionContext context) {
        ExtensionContext owner = context;
        for (Optional<ExtensionContext> parent = owner.getParent();
             parent.isPresent() && parent.get().getTestClass().isPresent(); parent = owner.getParent()) {
            owner = parent.get();
        }
        return owner;
    }

    /**
     * Configures a {@link WrennEmulatorExtension}. Not thread-safe; each {@link #build()} makes an independent
     * extension.
     */
    public static final class Builder {

        private Consumer<WrennEmulator.Builder> emulatorOptions = options -> { };
        private Consumer<WrennClient.Builder> clientOptions = options -> { };
        private boolean perMethod;

        private Builder() {
        }

        /**
         * Options for every emulator the extension starts, set on the emulator's own builder (so every emulator
         * option is available here). Called again for each emulator; repeated calls add up, in order.
         *
         * @param options sets options on {@link WrennEmulator.Builder}; it must not start the emulator
         * @return this builder
         */
        public Builder configure(Consumer<WrennEmulator.Builder> options) {
            this.emulatorOptions = emulatorOptions.andThen(Objects.requireNonNull(options, "options"));
            return this;
        }

        /**
         * Options for every client the extension builds, set after the base URL and API key of the emulator
         * (which it may override). Repeated calls add up, in order.
         *
         * @param options sets options on {@link WrennClient.Builder}; it must not build the client
         * @return this builder
         */
        public Builder client(Consumer<WrennClient.Builder> options) {
            this.clientOptions = clientOptions.andThen(Objects.requireNonNull(options, "options"));
            return this;
        }

        /**
         * One emulator and client for the whole test class, its {@code @Nested} classes included, closed after
         * it. The default.
         *
         * @return this builder
         */
        public Builder perClass() {
            this.perMethod = false;
            return this;
        }

        /**
         * A new emulator and client for every test method (every invocation of a repeated or parameterized
         * test), closed after it. {@code @BeforeAll} and {@code @AfterAll} methods cannot have them.
         *
         * @return this builder
         */
        public Builder perMethod() {
            this.perMethod = true;
            return this;
        }

        /**
         * The configured extension.
         *
         * @return a new extension, to assign to a {@code @RegisterExtension} field
         */
        public WrennEmulatorExtension build() {
            return new WrennEmulatorExtension(this);
        }
    }
}
