package dev.wrenn.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.client.WrennClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class WrennObservabilityAutoConfigurationTest {

    private final RecordingServer server = new RecordingServer();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WrennAutoConfiguration.class,
                    WrennObservabilityAutoConfiguration.class))
            .withPropertyValues("wrenn.base-url=" + server.baseUrl(), "wrenn.api-key=" + WrennAutoConfigurationTest.KEY);

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void theClientRecordsItsMetersInTheApplicationsRegistry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            listCapsules(context);
            assertThat(context.getBean(MeterRegistry.class).find("wrenn.client.requests")
                    .tags("method", "GET", "route", "/v1/capsules", "outcome", "success").timer())
                    .isNotNull().satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
        });
    }

    @Test
    void metricsCanBeSwitchedOff() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).withPropertyValues("wrenn.metrics.enabled=false")
                .run(context -> {
                    listCapsules(context);
                    assertThat(context.getBean(MeterRegistry.class).find("wrenn.client.requests").meters()).isEmpty();
                });
    }

    @Test
    void theClientObservesItsCallsInTheApplicationsObservationRegistry() {
        List<String> observed = new CopyOnWriteArrayList<>();
        runner.withBean(ObservationRegistry.class, () -> recording(observed)).run(context -> {
            listCapsules(context);
            assertThat(observed).containsExactly("wrenn.client.call GET /v1/capsules");
        });
    }

    @Test
    void observationsCanBeSwitchedOff() {
        List<String> observed = new CopyOnWriteArrayList<>();
        runner.withBean(ObservationRegistry.class, () -> recording(observed))
                .withPropertyValues("wrenn.observations.enabled=false")
                .run(context -> {
                    listCapsules(context);
                    assertThat(observed).isEmpty();
                });
    }

    @Test
    void withoutMicrometerOnTheClassPathTheClientIsMadeAllTheSame() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer")).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(WrennClientBuilderCustomizer.class);
            listCapsules(context);
        });
    }

    @Test
    void theApplicationIdDefaultsToTheApplicationNameMadeIntoAToken() {
        runner.withPropertyValues("spring.application.name=Billing Service").run(context -> {
            listCapsules(context);
            assertThat(server.requestHeaders.get(0).get("User-Agent"))
                    .startsWith("wrenn-reactor-client/").endsWith(") Billing-Service");
        });
    }

    @Test
    void anExplicitApplicationIdWins() {
        runner.withPropertyValues("spring.application.name=billing", "wrenn.application-id=billing/2.1").run(context -> {
            listCapsules(context);
            assertThat(server.requestHeaders.get(0).get("User-Agent")).endsWith(") billing/2.1");
        });
    }

    @Test
    void anInvalidApplicationIdStopsTheContext() {
        runner.withPropertyValues("wrenn.application-id=billing service").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("applicationId"));
    }

    private static void listCapsules(AssertableApplicationContext context) {
        assertThat(context.getBean(WrennClient.class).capsules().list().collectList().block(Duration.ofSeconds(10)))
                .isEmpty();
    }

    /** A registry whose one handler records each stopped observation's name and contextual name. */
    private static ObservationRegistry recording(List<String> observed) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                observed.add(context.getName() + " " + context.getContextualName());
            }
        });
        return registry;
    }
}
