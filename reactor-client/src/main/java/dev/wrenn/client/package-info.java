/**
 * A non-blocking client for Wrenn capsules on Project Reactor and Reactor Netty.
 *
 * <p>Start with {@link dev.wrenn.client.WrennClient}: its {@link dev.wrenn.client.Capsules} manage capsules and
 * its {@link dev.wrenn.client.Processes} list, kill, start and attach to processes. Streams are
 * {@code Flux<}{@link dev.wrenn.client.ProcessEvent}{@code >}; every failure is a
 * {@link dev.wrenn.client.WrennException}. Everything in {@code dev.wrenn.client.internal} is implementation and
 * may change without notice; the module exports only this package.
 *
 * <p>Null-marked (JSpecify): a value that may be absent is annotated {@code @Nullable}, and every other reference
 * is never null. A null argument where none is allowed is refused with an {@link java.lang.IllegalArgumentException}
 * whose message names the argument.
 */
@NullMarked
package dev.wrenn.client;

import org.jspecify.annotations.NullMarked;
