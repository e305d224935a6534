package dev.wrenn.benchmarks;

/** A subject on a WebSocket client that takes the whole stream URL (rather than a base URL and a path). */
abstract class UrlWebSocketSubject implements Subject {

    private final String name;
    private final String baseUrl;

    UrlWebSocketSubject(String name, String baseUrl) {
        this.name = name;
        this.baseUrl = baseUrl;
    }

    @Override
    public final String name() {
        return name;
    }

    /** The WebSocket URL of the stream of the process with this tag. */
    final String streamUrl(String tag) {
        return baseUrl.replaceFirst("^http", "ws") + Subject.streamPath(tag);
    }
}
