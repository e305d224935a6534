package dev.wrenn.client.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/** The rules for the service's base URL: absolute http(s), no clear text to the network unless allowed. */
final class BaseUrl {

    private BaseUrl() {
    }

    /**
     * The URL without a trailing slash, to which paths such as {@code /v1/capsules} are appended.
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URL, or is plain http to a host that is
     *                                  not loopback without {@code allowInsecureHttp}
     */
    static String normalise(String url, boolean allowInsecureHttp) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("baseUrl is not a valid URL: " + url, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL: " + url);
        }
        if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException("refusing to send the API key in clear text to " + uri.getHost()
                    + "; use https, or allowInsecureHttp(true) if the network is trusted");
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return false; // a name: never resolved here, so building stays free of I/O
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
