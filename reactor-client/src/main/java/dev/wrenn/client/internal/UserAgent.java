package dev.wrenn.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The {@code User-Agent} the client sends: {@code wrenn-reactor-client/<version> (Java <version>; <os> <arch>)},
 * then the application's ID when one is given. The client's version comes from a resource written at build time.
 */
public final class UserAgent {

    /** The longest application ID accepted. */
    public static final int MAX_APPLICATION_ID = 64;

    private UserAgent() {
    }

    public static String of(String applicationId) {
        String agent = "wrenn-reactor-client/" + clientVersion() + " (Java " + System.getProperty("java.version") + "; "
                + System.getProperty("os.name") + ' ' + System.getProperty("os.arch") + ')';
        return applicationId == null ? agent : agent + ' ' + applicationId;
    }

    /** The client's version, as built. */
    public static String clientVersion() {
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

    /**
     * Checks an application ID: 1 to {@value #MAX_APPLICATION_ID} characters, each a token character of
     * HTTP (letters, digits and {@code !#$%&'*+-.^_`|~}) or {@code /} between a name and a version.
     */
    public static String checkApplicationId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_APPLICATION_ID) {
            throw new IllegalArgumentException("application ID must have 1 to " + MAX_APPLICATION_ID + " characters");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~/".indexOf(c) >= 0;
            if (!token) {
                String shown = c > ' ' && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
                throw new IllegalArgumentException("application ID holds " + shown + " at index " + i
                        + "; only letters, digits and !#$%&'*+-.^_`|~/ are allowed");
            }
        }
        return id;
    }
}
