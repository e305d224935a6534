/**
 * Implementation, not API: the module does not export this package. {@code ClientCore} assembles what a client
 * runs on from its settings; the public facades call {@code CapsuleCalls}, {@code ProcessCalls} and
 * {@code TerminalCalls} (request building, with {@code Endpoints} as the one place paths are made), which use
 * {@code RestTransport} and {@code StreamTransport}/{@code StreamSession} (Reactor Netty), whose payloads go
 * through {@code Json} and {@code FrameDecoder}, and whose failures go through {@code ErrorMapper}. Arguments
 * are checked at the public API, so the code here trusts the values it gets.
 */
@NullMarked
package dev.wrenn.client.internal;

import org.jspecify.annotations.NullMarked;
