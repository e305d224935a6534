package dev.wrenn.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.client.AuthenticationException;
import dev.wrenn.client.ConnectionException;
import dev.wrenn.emulator.WrennEmulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class WrennHealthIndicatorTest {

    static final String WRONG_KEY = "wrn_ffffffffffffffffffffffffffffffff";

    static WrennEmulator emulator;

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WrennAutoConfiguration.class, WrennHealthAutoConfiguration.class))
            .withPropertyValues("wrenn.retry.max-retries=0");

    @BeforeAll
    static void startEmulator() {
        emulator = WrennEmulator.start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @Test
    void upWhenTheServiceListsTheCapsules() {
        runner.withPropertyValues("wrenn.base-url=" + emulator.baseUrl(), "wrenn.api-key=" + emulator.apiKey())
                .run(context -> {
                    Health health = healthOf(context);
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("baseUrl", emulator.baseUrl()).containsKey("capsules");
                });
    }

    @Test
    void downWithTheErrorClassStatusAndCodeButNeverTheKeyWhenTheKeyIsRefused() {
        runner.withPropertyValues("wrenn.base-url=" + emulator.baseUrl(), "wrenn.api-key=" + WRONG_KEY)
                .run(context -> {
                    Health health = healthOf(context);
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails())
                            .containsEntry("error", AuthenticationException.class.getName())
                            .containsEntry("status", 401)
                            .containsKey("code");
                    assertThat(health.toString()).doesNotContain(WRONG_KEY);
                });
    }

    @Test
    void downWhenNothingListensOnThePort() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        runner.withPropertyValues("wrenn.base-url=http://127.0.0.1:" + closedPort + "/api", "wrenn.api-key=" + WRONG_KEY)
                .run(context -> {
                    Health health = healthOf(context);
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsEntry("error", ConnectionException.class.getName());
                });
    }

    @Test
    void downWhenTheServiceDoesNotAnswerWithinTheTimeout() throws IOException {
        // Connections are accepted by the operating system and never answered.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            runner.withPropertyValues("wrenn.base-url=http://127.0.0.1:" + silent.getLocalPort() + "/api",
                            "wrenn.api-key=" + WRONG_KEY, "management.health.wrenn.timeout=1s")
                    .run(context -> {
                        Health health = healthOf(context);
                        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(health.getDetails()).containsEntry("error", TimeoutException.class.getName())
                                .containsEntry("message", "no answer within PT1S");
                    });
        }
    }

    @Test
    void switchedOffByItsOwnProperty() {
        runner.withPropertyValues("wrenn.api-key=" + WRONG_KEY, "management.health.wrenn.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("wrennHealthIndicator"));
    }

    @Test
    void switchedOffWithSpringBootsOwnIndicatorsUnlessItsPropertySaysOtherwise() {
        runner.withPropertyValues("wrenn.api-key=" + WRONG_KEY, "management.health.defaults.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("wrennHealthIndicator"));
        runner.withPropertyValues("wrenn.api-key=" + WRONG_KEY, "management.health.defaults.enabled=false",
                        "management.health.wrenn.enabled=true")
                .run(context -> assertThat(context).hasBean("wrennHealthIndicator"));
    }

    @Test
    void absentWithoutTheActuatorOnTheClassPath() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health", "org.springframework.boot.actuate"))
                .withPropertyValues("wrenn.api-key=" + WRONG_KEY)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("wrennHealthIndicator"));
    }

    @Test
    void onSpringBoot3sHealthApiWhenBoot4sIsAbsent() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .withPropertyValues("wrenn.base-url=" + emulator.baseUrl(), "wrenn.api-key=" + emulator.apiKey())
                .run(context -> {
                    org.springframework.boot.actuate.health.ReactiveHealthIndicator indicator = context.getBean(
                            "wrennHealthIndicator", org.springframework.boot.actuate.health.ReactiveHealthIndicator.class);
                    StepVerifier.create(indicator.health())
                            .assertNext(health -> assertThat(health.getStatus())
                                    .isEqualTo(org.springframework.boot.actuate.health.Status.UP))
                            .expectComplete()
                            .verify(Duration.ofSeconds(20));
                });
    }

    @Test
    void anApplicationsOwnIndicatorOfThatNameIsLeftAlone() {
        ReactiveHealthIndicator own = () -> Mono.just(Health.up().withDetail("own", true).build());
        runner.withPropertyValues("wrenn.api-key=" + WRONG_KEY)
                .withBean("wrennHealthIndicator", ReactiveHealthIndicator.class, () -> own)
                .run(context -> assertThat(context.getBean("wrennHealthIndicator")).isSameAs(own));
    }

    private static Health healthOf(AssertableApplicationContext context) {
        return context.getBean("wrennHealthIndicator", ReactiveHealthIndicator.class).health().block(Duration.ofSeconds(20));
    }
}
