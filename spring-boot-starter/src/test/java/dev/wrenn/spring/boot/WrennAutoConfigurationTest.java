package dev.wrenn.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wrenn.client.AuthenticationException;
import dev.wrenn.client.Capsule;
import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.Command;
import dev.wrenn.client.CommandResult;
import dev.wrenn.client.ConnectionException;
import dev.wrenn.client.RetryPolicy;
import dev.wrenn.client.WrennClient;
import dev.wrenn.emulator.WrennEmulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import reactor.test.StepVerifier;

class WrennAutoConfigurationTest {

    static final String KEY = "wrn_0123456789abcdef0123456789abcdef";

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WrennAutoConfiguration.class, WrennEmulatorAutoConfiguration.class));

    @Test
    void everyPropertyIsBound() {
        runner.withPropertyValues("wrenn.base-url=https://wrenn.internal.example/api", "wrenn.api-key=" + KEY,
                        "wrenn.connect-timeout=1s", "wrenn.response-timeout=2s", "wrenn.handshake-timeout=3s",
                        "wrenn.idle-timeout=0", "wrenn.keep-alive-interval=5s", "wrenn.max-frame-size=64KB",
                        "wrenn.max-response-size=1MB", "wrenn.max-connections=7", "wrenn.wiretap=true",
                        "wrenn.allow-insecure-http=true", "wrenn.retry.max-retries=5", "wrenn.retry.min-backoff=200ms",
                        "wrenn.retry.max-backoff=4s", "wrenn.retry.kills=true", "wrenn.emulator.port=0")
                .run(context -> {
                    WrennProperties properties = context.getBean(WrennProperties.class);
                    assertThat(properties.getBaseUrl()).isEqualTo("https://wrenn.internal.example/api");
                    assertThat(properties.getApiKey()).isEqualTo(KEY);
                    assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(properties.getResponseTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(properties.getHandshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(properties.getIdleTimeout()).isZero();
                    assertThat(properties.getKeepAliveInterval()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(properties.getMaxFrameSize()).isEqualTo(DataSize.ofKilobytes(64));
                    assertThat(properties.getMaxResponseSize()).isEqualTo(DataSize.ofMegabytes(1));
                    assertThat(properties.getMaxConnections()).isEqualTo(7);
                    assertThat(properties.isWiretap()).isTrue();
                    assertThat(properties.isAllowInsecureHttp()).isTrue();
                    RetryPolicy retry = properties.getRetry().toPolicy();
                    assertThat(retry.maxRetries()).isEqualTo(5);
                    assertThat(retry.minBackoff()).isEqualTo(Duration.ofMillis(200));
                    assertThat(retry.maxBackoff()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(retry.retriesKills()).isTrue();
                    assertThat(context.getBean(WrennClient.class).baseUrl()).isEqualTo("https://wrenn.internal.example/api");
                });
    }

    @Test
    void theRetryDefaultsAreTheClientDefaults() {
        RetryPolicy defaults = new WrennProperties().getRetry().toPolicy();
        assertThat(defaults).hasToString(RetryPolicy.defaults().toString());
    }

    /** Each value is refused by the client builder, which shows the property reaches it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "wrenn.connect-timeout=-1s      | connectTimeout must be positive",
            "wrenn.response-timeout=-1s     | responseTimeout must be positive",
            "wrenn.handshake-timeout=-1s    | handshakeTimeout must be positive",
            "wrenn.idle-timeout=-1s         | idleTimeout must be positive",
            "wrenn.keep-alive-interval=-1s  | keepAliveInterval must be positive",
            "wrenn.max-frame-size=1000B     | maxFrameSize must be at least 1024",
            "wrenn.max-response-size=1000B  | maxResponseSize must be at least 1024",
            "wrenn.max-connections=0        | maxConnections must be at least 1",
            "wrenn.retry.max-retries=-1     | maxRetries must be at least 0",
            "wrenn.base-url=ftp://example   | baseUrl must be an absolute http(s) URL",
            "wrenn.base-url=http://example.com/api | refusing to send the API key in clear text",
    })
    void eachPropertyReachesTheClientBuilder(String property, String refusal) {
        runner.withPropertyValues("wrenn.api-key=" + KEY, property)
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining(refusal));
    }

    @Test
    void wiretapLogsTheTrafficWithTheKeyRedactedOnlyWhenAskedTo() {
        Logger wire = (Logger) LoggerFactory.getLogger("dev.wrenn.client.wire");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        wire.setLevel(Level.DEBUG);
        wire.setAdditive(false); // kept off the console, which would be a blocking write on an event loop
        wire.addAppender(appender);
        try (WrennEmulator emulator = WrennEmulator.start()) {
            ApplicationContextRunner againstEmulator = runner.withPropertyValues(
                    "wrenn.base-url=" + emulator.baseUrl(), "wrenn.api-key=" + emulator.apiKey());

            againstEmulator.withPropertyValues("wrenn.wiretap=false").run(WrennAutoConfigurationTest::listCapsules);
            assertThat(logged(appender)).isEmpty();

            againstEmulator.withPropertyValues("wrenn.wiretap=true").run(WrennAutoConfigurationTest::listCapsules);
            assertThat(logged(appender)).anySatisfy(line -> assertThat(line).contains("GET /api/v1/capsules"))
                    .noneSatisfy(line -> assertThat(line).contains(emulator.apiKey()));
        } finally {
            wire.detachAppender(appender);
            wire.setLevel(null);
            wire.setAdditive(true);
        }
    }

    private static void listCapsules(ApplicationContext context) {
        context.getBean(WrennClient.class).capsules().list().collectList().block(Duration.ofSeconds(10));
    }

    private static List<String> logged(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) { // the lock under which events were appended
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Test
    void plainHttpToANonLoopbackHostIsAllowedOnRequest() {
        runner.withPropertyValues("wrenn.api-key=" + KEY, "wrenn.base-url=http://example.com/api",
                        "wrenn.allow-insecure-http=true")
                .run(context -> assertThat(context.getBean(WrennClient.class).baseUrl()).isEqualTo("http://example.com/api"));
    }

    @Test
    void customizersAdjustTheBuilderInOrder() {
        List<String> calls = new CopyOnWriteArrayList<>();
        runner.withPropertyValues("wrenn.api-key=" + KEY, "wrenn.base-url=https://from-properties.example/api")
                .withBean("second", WrennClientBuilderCustomizer.class, () -> new SetsBaseUrl("second", 2, calls))
                .withBean("first", WrennClientBuilderCustomizer.class, () -> new SetsBaseUrl("first", 1, calls))
                .run(context -> {
                    assertThat(calls).containsExactly("first", "second");
                    assertThat(context.getBean(WrennClient.class).baseUrl()).isEqualTo("https://second.example/api");
                });
    }

    record SetsBaseUrl(String name, int order, List<String> calls) implements WrennClientBuilderCustomizer, Ordered {
        @Override
        public void customize(WrennClient.Builder builder) {
            calls.add(name);
            builder.baseUrl("https://" + name + ".example/api");
        }

        @Override
        public int getOrder() {
            return order;
        }
    }

    @Test
    void anApplicationsOwnClientIsLeftAlone() {
        WrennClient own = WrennClient.builder().apiKey(KEY).baseUrl("https://own.example/api").build();
        runner.withBean(WrennClient.class, () -> own)
                .run(context -> assertThat(context).getBean(WrennClient.class).isSameAs(own));
        own.close();
    }

    @Test
    void anApplicationsOwnConnectionDetailsAreUsed() {
        runner.withBean(WrennConnectionDetails.class, () -> new WrennConnectionDetails() {
                    @Override
                    public String baseUrl() {
                        return "https://vault.example/api";
                    }

                    @Override
                    public String apiKey() {
                        return KEY;
                    }
                })
                .run(context -> assertThat(context.getBean(WrennClient.class).baseUrl()).isEqualTo("https://vault.example/api"));
    }

    @Test
    void theClientIsClosedWithTheContext() {
        WrennClient[] client = new WrennClient[1];
        runner.withPropertyValues("wrenn.api-key=" + KEY)
                .run(context -> client[0] = context.getBean(WrennClient.class));

        StepVerifier.create(client[0].capsules().list()).expectError(IllegalStateException.class).verify(Duration.ofSeconds(10));
        assertThat(client[0]).hasToString("WrennClient[" + WrennClient.DEFAULT_BASE_URL + ", closed]");
    }

    @Test
    void emulatorModeRunsACommandInACapsuleThroughTheInjectedClient() {
        runner.withPropertyValues("wrenn.emulator.enabled=true", "wrenn.base-url=https://never.example/api",
                        "wrenn.api-key=" + KEY)
                .run(context -> {
                    WrennEmulator emulator = context.getBean(WrennEmulator.class);
                    WrennClient client = context.getBean(WrennClient.class);
                    assertThat(client.baseUrl()).isEqualTo(emulator.baseUrl());

                    CommandResult result = client.capsules()
                            .withCapsule(CapsuleSpec.defaults(), Duration.ofSeconds(30),
                                    capsule -> client.processes(capsule.id()).exec(Command.of("echo", "hello")))
                            .block(Duration.ofSeconds(30));
                    assertThat(result.exitCode()).isZero();
                    assertThat(result.stdout()).isEqualTo("hello\n");
                });
    }

    @Test
    void emulatorModeStopsTheEmulatorWithTheContext() {
        String[] baseUrl = new String[1];
        String[] key = new String[1];
        runner.withPropertyValues("wrenn.emulator.enabled=true")
                .run(context -> {
                    WrennEmulator emulator = context.getBean(WrennEmulator.class);
                    baseUrl[0] = emulator.baseUrl();
                    key[0] = emulator.apiKey();
                    Capsule created = context.getBean(WrennClient.class).capsules().create(CapsuleSpec.defaults())
                            .block(Duration.ofSeconds(10));
                    assertThat(created.id()).isNotBlank();
                });

        try (WrennClient afterwards = WrennClient.builder().baseUrl(baseUrl[0]).apiKey(key[0])
                .retryPolicy(RetryPolicy.none()).build()) {
            StepVerifier.create(afterwards.capsules().list()).expectError(ConnectionException.class).verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void emulatorModeUsesTheEmulatorsKeyNotTheConfiguredOne() {
        runner.withPropertyValues("wrenn.emulator.enabled=true", "wrenn.api-key=" + KEY)
                .run(context -> {
                    WrennEmulator emulator = context.getBean(WrennEmulator.class);
                    assertThat(emulator.apiKey()).isNotEqualTo(KEY);
                    StepVerifier.create(context.getBean(WrennClient.class).capsules().list().collectList())
                            .expectNextCount(1)
                            .expectComplete()
                            .verify(Duration.ofSeconds(10));
                    try (WrennClient configuredKey = WrennClient.builder().baseUrl(emulator.baseUrl()).apiKey(KEY).build()) {
                        StepVerifier.create(configuredKey.capsules().list())
                                .expectError(AuthenticationException.class)
                                .verify(Duration.ofSeconds(10));
                    }
                });
    }

    @Test
    void emulatorModeUsesAnEmulatorTheApplicationStartsItself() {
        runner.withPropertyValues("wrenn.emulator.enabled=true")
                .withBean(WrennEmulator.class, () -> WrennEmulator.builder().startupDelay(Duration.ZERO).start())
                .run(context -> assertThat(context).hasSingleBean(WrennEmulator.class)
                        .getBean(WrennClient.class).extracting(WrennClient::baseUrl)
                        .isEqualTo(context.getBean(WrennEmulator.class).baseUrl()));
    }

    @Test
    void emulatorModeWithoutTheEmulatorOnTheClassPathFailsToStart() {
        runner.withClassLoader(new FilteredClassLoader(WrennEmulator.class))
                .withPropertyValues("wrenn.emulator.enabled=true", "wrenn.api-key=" + KEY)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("wrenn.emulator.enabled=true needs dev.wrenn:wrenn-emulator on the class path"));
    }

    @Test
    void withoutTheEmulatorPropertyNoEmulatorStarts() {
        runner.withPropertyValues("wrenn.api-key=" + KEY)
                .run(context -> assertThat(context).doesNotHaveBean(WrennEmulator.class).hasSingleBean(WrennClient.class));
    }
}
