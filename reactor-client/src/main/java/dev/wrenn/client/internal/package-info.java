/**
 * Implementation, not API. Data flows one way: the public facades call {@code CapsuleCalls} and
 * {@code ProcessCalls} (request building, with {@code Endpoints} as the one place paths are made), which use
 * {@code RestTransport} and {@code StreamTransport}/{@code StreamSession} (Reactor Netty), whose payloads
 * go through {@code Json} and {@code FrameDecoder}, and whose failures go through {@code ErrorMapper}.
 */
@NullMarked
package dev.wrenn.client.internal;

import org.jspecify.annotations.NullMarked;
