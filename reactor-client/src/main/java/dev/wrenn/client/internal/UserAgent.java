package dev.wrenn.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The {@code User-Agent} the client sends: {@code wrenn-reactor-client/<version> (Java <version>; <os> <arch>)},
 * then the application's ID when one is given. The client's version comes from a resource written at build time.
 */
final class UserAgent {

    private UserAgent() {
    }

    static String of(@Nullable String applicationId) {
        String agent = "wrenn-reactor-client/" + clientVersion() + " (Java " + System.getProperty("java.version") + "; "
                + System.getProperty("os.name") + ' ' + System.getProperty("os.arch") + ')';
        return applicationId == null ? agent : agent + ' ' + applicationId;
    }

    /** The client's version, as built. */
    static String clientVersion() {
        Properties properties = new Properties();
        try (InputStream in = UserAgent.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }
}
