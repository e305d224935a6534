/**
 * The Wrenn reactive client. Only {@code dev.wrenn.client} is exported; {@code dev.wrenn.client.internal} is
 * implementation. Micrometer is optional: it is read only when {@code Micrometer} instruments are given.
 */
module dev.wrenn.client {
    exports dev.wrenn.client;

    // Types of the API: Flux, Mono, Publisher, RetryBackoffSpec, HttpClient, ConnectionProvider, LoopResources,
    // SslContext, HttpHeaders, and the JSpecify annotations.
    requires transitive reactor.core;
    requires transitive org.reactivestreams;
    requires transitive reactor.netty.core;
    requires transitive reactor.netty.http;
    requires transitive io.netty.codec.http;
    requires transitive io.netty.handler;
    requires transitive org.jspecify;

    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.transport;
    requires tools.jackson.core;
    // Reactor Netty is an automatic module and cannot name what it loads: without these, a modular application
    // would need --add-modules to build a client.
    requires io.netty.codec.http2;
    requires io.netty.resolver.dns;

    // Optional: only the Micrometer class names these types; an application that uses it requires them itself.
    requires static micrometer.core;
    requires static micrometer.observation;
}
