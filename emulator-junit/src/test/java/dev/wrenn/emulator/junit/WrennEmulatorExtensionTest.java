package dev.wrenn.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.wrenn.client.Capsule;
import dev.wrenn.client.CapsuleStatus;
import dev.wrenn.client.Command;
import dev.wrenn.client.WrennClient;
import dev.wrenn.emulator.WrennEmulator;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Runs small test classes through the JUnit engine and looks at what they were given and what was left after
 * them. (The nested classes run only here: Surefire does not pick up nested classes by itself.)
 */
class WrennEmulatorExtensionTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String KEY = "wrn_0123456789abcdef0123456789abcdef";

    /** What the classes under test received, in order. */
    static final List<WrennEmulator> emulators = new CopyOnWriteArrayList<>();
    static final List<WrennClient> clients = new CopyOnWriteArrayList<>();
    static final List<Capsule> capsules = new CopyOnWriteArrayList<>();
    static final AtomicInteger clientsCustomized = new AtomicInteger();

    @BeforeEach
    void forget() {
        emulators.clear();
        clients.clear();
        capsules.clear();
        clientsCustomized.set(0);
    }

    @Test
    void theAnnotationSharesOneEmulatorAcrossTheClassAndClosesItAfterTheClass() {
        run(Annotated.class).testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));

        assertThat(emulators).hasSize(3).containsOnly(emulators.get(0));
        assertThat(clients).hasSize(3).containsOnly(clients.get(0));
        assertClosed(emulators.get(0), clients.get(0));
    }

    @Test
    void perMethodGivesEveryTestItsOwnEmulatorAndClientAndClosesThemAfterIt() {
        run(PerMethod.class).testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));

        // Each test saw its emulator twice: in @BeforeEach and in the test method.
        assertThat(emulators).hasSize(4);
        assertThat(emulators.get(1)).isSameAs(emulators.get(0));
        assertThat(emulators.get(3)).isSameAs(emulators.get(2)).isNotSameAs(emulators.get(0));
        assertThat(clients.get(3)).isSameAs(clients.get(2)).isNotSameAs(clients.get(0));
        assertClosed(emulators.get(0), clients.get(0));
        assertClosed(emulators.get(2), clients.get(2));
    }

    @Test
    void aFailingTestStillClosesTheClientAndTheEmulatorAndItsProcesses() {
        run(FailsWithAProcessRunning.class).testEvents().assertThatEvents().haveExactly(1,
                event(test("leavesAProcessRunningAndFails"), finishedWithFailure(message("on purpose"))));

        assertClosed(emulators.get(0), clients.get(0));
    }

    @Test
    void optionsReachTheEmulatorAndEveryClient() {
        run(Configured.class).testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));

        assertThat(emulators).extracting(WrennEmulator::apiKey).containsOnly(KEY);
        assertThat(clientsCustomized).hasValue(2);
    }

    @Test
    void aCapsuleIsRunningWhenGivenAndDestroyedAfterItsTest() {
        run(WithCapsules.class).testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));

        // The class's emulator outlives each test: the first test's capsule is gone by the second test.
        assertThat(capsules).hasSize(2).allSatisfy(capsule -> assertThat(capsule.status())
                .isEqualTo(CapsuleStatus.RUNNING));
        assertThat(WithCapsules.listedInSecondTest).doesNotContain(capsules.get(0).id())
                .contains(capsules.get(1).id());
        assertClosed(emulators.get(0), clients.get(0));
    }

    @Test
    void perMethodRefusesAnEmulatorToBeforeAllWithAReason() {
        run(PerMethodInBeforeAll.class).containerEvents().assertThatEvents().haveExactly(1,
                event(finishedWithFailure(instanceOf(ParameterResolutionException.class),
                        message(text -> text.contains("perClass()")))));
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    /** The client refuses calls, the emulator's directory is gone and none of its processes runs. */
    private static void assertClosed(WrennEmulator emulator, WrennClient client) {
        assertThatThrownBy(() -> client.capsules().list().blockLast(DEADLINE)).isInstanceOf(IllegalStateException.class);
        assertThat(emulator.rootDirectory()).satisfies(root -> assertThat(Files.exists(root)).isFalse());
        assertThat(emulator.runningProcessCount()).isZero();
    }

    static void record(WrennEmulator emulator, WrennClient client) {
        emulators.add(emulator);
        clients.add(client);
    }

    /** Two tests that record what they are given. */
    abstract static class TwoRecordingTests {

        @Test
        void one(WrennEmulator emulator, WrennClient client) {
            record(emulator, client);
        }

        @Test
        void two(WrennEmulator emulator, WrennClient client) {
            record(emulator, client);
        }
    }

    @WrennEmulatorTest
    static class Annotated extends TwoRecordingTests {

        @BeforeAll
        static void first(WrennEmulator emulator, WrennClient client) {
            record(emulator, client);
        }
    }

    static class PerMethod extends TwoRecordingTests {

        @RegisterExtension
        static WrennEmulatorExtension extension = WrennEmulatorExtension.builder().perMethod().build();

        /** The capsule is destroyed before the test's emulator is closed: the test would fail otherwise. */
        @BeforeEach
        void before(WrennEmulator emulator, WrennClient client, Capsule capsule) {
            record(emulator, client);
        }
    }

    static class FailsWithAProcessRunning {

        @RegisterExtension
        static WrennEmulatorExtension extension = WrennEmulatorExtension.builder().perMethod().build();

        @Test
        void leavesAProcessRunningAndFails(WrennEmulator emulator, WrennClient client, Capsule capsule) {
            record(emulator, client);
            client.processes(capsule.id()).start(Command.of("sleep", "600")).block(DEADLINE);
            assertThat(emulator.runningProcessCount()).isOne();
            throw new AssertionError("on purpose");
        }
    }

    static class Configured {

        @RegisterExtension
        static WrennEmulatorExtension extension = WrennEmulatorExtension.builder()
                .configure(options -> options.apiKey(KEY))
                .client(options -> clientsCustomized.incrementAndGet())
                .perMethod()
                .build();

        @Test
        void one(WrennEmulator emulator, WrennClient client) {
            emulators.add(emulator);
            assertThat(client.capsules().list().collectList().block(DEADLINE)).isEmpty();
        }

        @Test
        void two(WrennEmulator emulator) {
            emulators.add(emulator);
        }
    }

    @WrennEmulatorTest
    static class WithCapsules {

        static List<String> listedInSecondTest;

        @Test
        void one(Capsule capsule, WrennEmulator emulator, WrennClient client) {
            capsules.add(capsule);
            record(emulator, client);
        }

        @Test
        void two(Capsule capsule, WrennClient client) {
            capsules.add(capsule);
            listedInSecondTest = client.capsules().list().map(Capsule::id).collectList().block(DEADLINE);
        }
    }

    static class PerMethodInBeforeAll {

        @RegisterExtension
        static WrennEmulatorExtension extension = WrennEmulatorExtension.builder().perMethod().build();

        @BeforeAll
        static void tooEarly(WrennEmulator emulator) {
            emulators.add(emulator);
        }

        @Test
        void never() {
        }
    }
}
