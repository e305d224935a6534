package dev.wrenn.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.wrenn.spring.boot.test.AutoConfigureWrennEmulator;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * With its default configuration the app listens on the loopback interface only: the demo endpoints start
 * processes with the operator's key, so nobody else on the network may reach them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWrennEmulator
class LoopbackOnlyTest {

    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final AtomicReference<SocketAddress> bound = new AtomicReference<>();

    @TestConfiguration(proxyBeanMethods = false)
    static class RecordTheBoundAddress {
        @Bean
        NettyServerCustomizer recordTheBoundAddress() {
            return server -> server.doOnBound(listening -> bound.set(listening.address()));
        }
    }

    @LocalServerPort
    int port;

    @Test
    void theServerIsBoundToTheLoopbackAddress() {
        assertThat(bound.get()).isInstanceOfSatisfying(InetSocketAddress.class, address -> {
            assertThat(address.getAddress().isLoopbackAddress()).as(address.toString()).isTrue();
            assertThat(address.getPort()).isEqualTo(port);
        });
    }

    @Test
    void connectionsToTheMachinesOtherAddressesAreRefused() throws IOException {
        connect(InetAddress.getByName("127.0.0.1"));   // reachable where it should be

        List<InetAddress> others = nonLoopbackAddresses();
        assumeFalse(others.isEmpty(), "this machine has no address but loopback");
        assertThat(others).allSatisfy(address -> assertThatThrownBy(() -> connect(address))
                .as("connecting to %s", address)
                .isInstanceOf(ConnectException.class));
    }

    private void connect(InetAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(LoopbackOnlyTest::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .toList();
    }

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp();
        } catch (SocketException e) {
            return false;
        }
    }
}
